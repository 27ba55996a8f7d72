/**
 * Installing into an environment that already has packages, on real metadata (the 2023
 * snapshot of ../shared/data): upgrades of packages others pin, downgrades forced by a new
 * requirement, constraint clashes, and environments that were broken before. Each one is run
 * by pip 23.2 (pip_installed.py) and by Pipette, and the plans must be the same.
 */
export interface InstalledScenario {
  readonly name: string;
  /** What to install first, as requirements pip installs with --no-deps. */
  readonly installed: readonly string[];
  readonly requirements: readonly string[];
  readonly constraints?: readonly string[];
  readonly options?: { readonly upgrade?: boolean; readonly upgradeStrategy?: 'only-if-needed' | 'eager'; readonly forceReinstall?: boolean; readonly noDeps?: boolean };
}

const FLASK_2_0 = ['flask==2.0.0', 'werkzeug==2.0.0', 'jinja2==3.0.0', 'itsdangerous==2.0.0', 'click==8.0.0', 'markupsafe==2.0.0'];
const REQUESTS_2_25 = ['requests==2.25.1', 'idna==2.10', 'chardet==4.0.0', 'urllib3==1.26.16', 'certifi==2023.7.22'];
const REQUESTS_BROKEN = ['requests==2.25.1', 'idna==3.4', 'chardet==4.0.0', 'urllib3==1.26.16', 'certifi==2023.7.22'];
const DJANGO_3_2 = ['django==3.2.20', 'asgiref==3.7.2', 'pytz==2023.3', 'sqlparse==0.4.4', 'typing-extensions==4.7.1'];

export const INSTALLED_SCENARIOS: readonly InstalledScenario[] = [
  { name: 'flask-already-satisfied', installed: FLASK_2_0, requirements: ['flask'] },
  { name: 'flask-upgrade-forced-by-requirement', installed: FLASK_2_0, requirements: ['flask>=2.3'] },
  { name: 'flask-upgrade-only-if-needed', installed: FLASK_2_0, requirements: ['flask'], options: { upgrade: true } },
  { name: 'flask-upgrade-eager', installed: FLASK_2_0, requirements: ['flask'], options: { upgrade: true, upgradeStrategy: 'eager' } },
  { name: 'flask-constraint-clash', installed: FLASK_2_0, requirements: ['flask>=2.3'], constraints: ['werkzeug<2.3'] },
  { name: 'flask-constraint-picks-older', installed: FLASK_2_0, requirements: ['flask>=2.2'], constraints: ['werkzeug<2.3'] },
  { name: 'flask-force-reinstall', installed: FLASK_2_0, requirements: ['flask==2.0.0'], options: { forceReinstall: true } },
  { name: 'flask-upgrade-no-deps-breaks-it', installed: FLASK_2_0, requirements: ['flask'], options: { upgrade: true, noDeps: true } },
  { name: 'werkzeug-downgrade-breaks-flask', installed: FLASK_2_0, requirements: ['werkzeug<2'] },
  { name: 'requests-upgrade-forced', installed: REQUESTS_2_25, requirements: ['requests>=2.31'] },
  { name: 'idna-upgrade-breaks-requests', installed: REQUESTS_2_25, requirements: ['idna>=3'] },
  { name: 'requests-upgrade-eager', installed: REQUESTS_2_25, requirements: ['requests'], options: { upgrade: true, upgradeStrategy: 'eager' } },
  { name: 'certifi-downgrade-keeps-requests', installed: REQUESTS_2_25, requirements: ['certifi==2022.12.7'] },
  { name: 'broken-before-untouched', installed: REQUESTS_BROKEN, requirements: ['six'] },
  { name: 'broken-before-touched', installed: REQUESTS_BROKEN, requirements: ['certifi==2022.12.7'] },
  { name: 'django-already-satisfied', installed: DJANGO_3_2, requirements: ['django>=3'] },
  { name: 'django-upgrade', installed: DJANGO_3_2, requirements: ['django'], options: { upgrade: true } },
  { name: 'django-upgrade-held-by-constraint', installed: DJANGO_3_2, requirements: ['django'], constraints: ['django<4'], options: { upgrade: true } },
  { name: 'pytest-keeps-old-pluggy', installed: ['pluggy==0.13.1'], requirements: ['pytest>=7'] },
  { name: 'pytest-eager-upgrades-pluggy', installed: ['pluggy==0.13.1'], requirements: ['pytest>=7'], options: { upgrade: true, upgradeStrategy: 'eager' } },
  { name: 'attrs-downgrade', installed: ['attrs==23.1.0'], requirements: ['attrs<22'] },
  { name: 'constraints-on-an-empty-environment', installed: [], requirements: ['requests'], constraints: ['urllib3<1.26', 'idna<3'] },
];
