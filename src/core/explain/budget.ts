/** A time budget for the searches that resolve again; it doubles as the resolves' cancel signal. */
export class Budget {
  private readonly deadline: number;

  constructor(
    ms: number,
    private readonly now: () => number,
    private readonly outer?: { readonly aborted: boolean },
  ) {
    this.deadline = now() + ms;
  }

  /** True once the time is up or the caller cancelled. */
  get aborted(): boolean {
    return this.cancelled || this.now() >= this.deadline;
  }

  /** True when the caller cancelled (as opposed to the time running out). */
  get cancelled(): boolean {
    return this.outer?.aborted ?? false;
  }
}
