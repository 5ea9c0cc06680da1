// Keeps a lead object's one alarm at exactly the earliest time something is due (alarmPlan.ts).
// Exactly, not merely earlier: an alarm left at an older time would flush a held-back score less than a
// minute after the last write.

/** The alarm of one object; `next` says when it should ring (null: not at all). */
export class AlarmClock {
  /** The alarm time this instance last set or read (null: none; undefined: unknown, read storage first). */
  private at: number | null | undefined;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly next: () => number | null,
  ) {}

  /**
   * Sets the alarm to `next()`. `force` (from the alarm handler, whose alarm is spent) sets it without
   * reading the current one. Most beacons change nothing that is due: storage is skipped when the alarm
   * is known to be right.
   */
  async schedule(force = false): Promise<void> {
    if (!force && this.at !== undefined && this.at === this.next()) return;
    let current = force ? null : this.at;
    if (current === undefined) {
      const stored = await this.storage.getAlarm();
      // A concurrent call may have set it while this one read: its value is the newer.
      current = this.at !== undefined ? this.at : stored;
    }
    const at = this.next();
    // Noted before the write is awaited, so that a concurrent beacon compares with it; storage applies
    // writes in order, so the alarm ends as the last one decided.
    this.at = at;
    if (at === null) {
      if (current !== null) await this.storage.deleteAlarm();
    } else if (current !== at) {
      await this.storage.setAlarm(at);
    }
  }

  /** Notes what is known of the stored alarm: none (a new life) or unknown (the alarm just rang). */
  reset(known: null | undefined): void {
    this.at = known;
  }
}
