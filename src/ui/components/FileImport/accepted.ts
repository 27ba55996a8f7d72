/** What the file picker offers: scenarios, indexes, requirement files. */
export const ACCEPTED_FILES = '.json,.toml,.txt,.in,application/json,text/plain';
