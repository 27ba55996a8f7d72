/**
 * Package data from a live index (PyPI or any Simple API index, in its JSON or HTML form): what
 * the worker, the CLI and the tests may use. The IndexedDB cache is imported from
 * './idb-cache.ts' directly, and only by browser code, so that Node code never pulls in IndexedDB.
 */
export { IndexRequestError, type IndexFailureKind } from './errors.ts';
export { redactLogins, splitLogin, basicAuthorization, type Login } from './credentials.ts';
export { parseNetrc, netrcLogin, type NetrcEntry } from './netrc.ts';
export { SimpleIndexClient, DEFAULT_INDEX_URL, SIMPLE_API_ACCEPT, normalizeIndexUrl, DEFAULT_BODY_LIMITS, DEFAULT_PAGE_MAX_AGE_MS, metadataUrlOf, simpleApiForm, verifyHashes } from './simple-client.ts';
export type { SimpleIndexClientOptions, BodyLimits, Lookup, Origin, ParsedPage } from './simple-client.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './http.ts';
export { LiveIndexProvider } from './live-provider.ts';
export { noProgress } from './live-provider.ts';
export type { LiveIndexProgress, LiveIndexProviderOptions, LiveIndexReport, StaleAnswer } from './live-provider.ts';
export { MemoryResponseCache, CacheWriteError, isFresh, type CachedResponse, type CacheStats, type ResponseCache } from './response-cache.ts';
export { jsonApiBaseFor, parseJsonApiRelease, type JsonApiRelease } from './pypi-json.ts';
export { parseProjectPage, parseProjectList, SIMPLE_JSON_MEDIA_TYPE, type ProjectFile, type ProjectPage, type Hashes } from './simple-api.ts';
export { parseHtmlProjectPage, parseHtmlProjectList, SIMPLE_HTML_MEDIA_TYPE } from './simple-html.ts';
export { decodeEntities } from './html-entities.ts';
export { parseCoreMetadata, type CoreMetadata } from './core-metadata.ts';
export { parseDistributionFilename, type DistributionFilename } from './filenames.ts';
export { candidatesFromPage, type PageCandidates } from './candidates.ts';
export { suggestProjectNames, closeNames, POPULAR_PROJECTS, type NameSuggestions } from './close-names.ts';
export { parseJsonApiVulnerabilities, fetchReleaseVulnerabilities, type JsonGetter } from './pypi-vulnerabilities.ts';
export { importOsvFiles, MAX_OSV_FILE_BYTES, type OsvFile, type OsvImport } from './osv-import.ts';
export { resolveWithLiveAdvisories, type LiveTrustResolve } from './live-advisories.ts';
