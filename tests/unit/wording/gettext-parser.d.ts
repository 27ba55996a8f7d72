/** The parts of gettext-parser (no types of its own) the PO tests use as an oracle. */
declare module 'gettext-parser' {
  interface PoTranslation {
    msgctxt?: string;
    msgid: string;
    msgstr: string[];
    comments?: { reference?: string; extracted?: string; flag?: string; translator?: string };
  }
  interface PoData {
    charset: string;
    headers: Record<string, string>;
    translations: Record<string, Record<string, PoTranslation>>;
  }
  const gettextParser: {
    po: { parse(input: string | Uint8Array, options?: unknown): PoData; compile(data: PoData, options?: unknown): Uint8Array };
  };
  export default gettextParser;
}
