/** The result types every engine shares, and the complete resolver's entry (../engines/pubgrub/resolve.ts). */
export * from '../engines/pubgrub/resolve.ts';
