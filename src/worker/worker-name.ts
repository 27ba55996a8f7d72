/** The resolver worker's name, shared by the page that starts it and the worker (which reads `self.name`). */
export const RESOLVER_WORKER_NAME = 'pipette-resolver';
/** Carried by the name of the worker the page starts as it loads: that one warms up (warm-up.ts). */
export const WARM_UP_NAME_SUFFIX = ' (warming up)';
