/**
 * Highlighting for requirements.txt and for pyproject.toml, as small stream tokenizers
 * (no grammar build step). Token names are CodeMirror's legacy names, mapped to tags.
 */
import type { StreamParser, StringStream } from '@codemirror/language';

interface RequirementsState {
  /** After `;` on a line: the marker part. */
  inMarker: boolean;
  /** The project name of the line was read. */
  sawName: boolean;
  /** After ` @ `: a URL. */
  inUrl: boolean;
}

const MARKER_VARIABLE = /^(python_version|python_full_version|os_name|sys_platform|platform_release|platform_system|platform_version|platform_machine|platform_python_implementation|implementation_name|implementation_version|extra|extras|dependency_groups)\b/;

export const requirementsTxt: StreamParser<RequirementsState> = {
  name: 'requirements.txt',
  startState: () => ({ inMarker: false, sawName: false, inUrl: false }),
  token(stream: StringStream, state: RequirementsState): string | null {
    if (stream.sol()) {
      state.inMarker = false;
      state.sawName = false;
      state.inUrl = false;
    }
    if (stream.eatSpace()) return null;
    // pip: a comment starts at `#` at the start of a line or after whitespace.
    if (stream.peek() === '#' && (stream.sol() || /\s/.test(stream.string.charAt(stream.pos - 1)))) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^--?[A-Za-z][\w-]*/)) {
      stream.match(/^[= ]?[^\s#]*/);
      return 'meta';
    }
    if (state.inUrl) {
      stream.match(/^[^\s;#]+/);
      state.inUrl = false;
      return 'link';
    }
    if (state.inMarker) {
      if (stream.match(MARKER_VARIABLE)) return 'propertyName';
      if (stream.match(/^(and|or|not in|in|not)\b/)) return 'keyword';
      if (stream.match(/^("[^"]*"?|'[^']*'?)/)) return 'string';
      if (stream.match(/^(===|==|!=|~=|<=|>=|<|>)/)) return 'operator';
      stream.next();
      return 'punctuation';
    }
    if (!state.sawName && stream.match(/^[A-Za-z0-9][A-Za-z0-9._-]*/)) {
      state.sawName = true;
      return 'typeName';
    }
    if (stream.eat('[')) {
      stream.match(/^[^\]\n]*/);
      stream.eat(']');
      return 'attributeName';
    }
    if (stream.match(/^(===|==|!=|~=|<=|>=|<|>)/)) return 'operator';
    if (stream.match(/^[0-9*][\w.*+!-]*/) || stream.match(/^v[0-9][\w.*+!-]*/)) return 'number';
    if (stream.eat(';')) {
      state.inMarker = true;
      return 'punctuation';
    }
    if (stream.eat('@')) {
      state.inUrl = true;
      return 'operator';
    }
    if (stream.eat('\\')) return 'meta';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '#' } },
};

interface TomlState {
  /** Inside a multi-line string, with its delimiter. */
  multiline: string | null;
}

export const pyprojectToml: StreamParser<TomlState> = {
  name: 'toml',
  startState: () => ({ multiline: null }),
  token(stream: StringStream, state: TomlState): string | null {
    if (state.multiline) {
      const end = stream.string.indexOf(state.multiline, stream.pos);
      if (end < 0) stream.skipToEnd();
      else {
        stream.pos = end + state.multiline.length;
        state.multiline = null;
      }
      return 'string';
    }
    if (stream.eatSpace()) return null;
    if (stream.eat('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.sol() && stream.match(/^\[\[?[^\]]*\]\]?/)) return 'heading';
    if (stream.match(/^("""|''')/)) {
      state.multiline = stream.current();
      return 'string';
    }
    if (stream.match(/^"(\\.|[^"\\])*"?/) || stream.match(/^'[^']*'?/)) return 'string';
    if (stream.match(/^[A-Za-z0-9_.-]+(?=\s*=)/)) return 'propertyName';
    if (stream.match(/^(true|false)\b/)) return 'atom';
    if (stream.match(/^[+-]?[0-9][\w.:+-]*/)) return 'number';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '#' } },
};
