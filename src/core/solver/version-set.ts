/** Version sets, the data of derivation trees that every engine and the explainer read (../engines/pubgrub/version-set.ts). */
export * from '../engines/pubgrub/version-set.ts';
