/** One record of an Auth0 log stream. */
export class LogStreamRecordDto {
  /** Auth0's log id (56 digits); redelivered records repeat it. */
  log_id: string;
  /** The Auth0 log event (`type`, `date`, `description`, `user_id`, `client_id`, `ip`, `details`, …). */
  data: Record<string, unknown>;
}

export class IngestResultDto {
  /** Events stored by this request. */
  accepted: number;
  /** Records whose log_id was already stored (redelivery) or repeated in the batch. */
  duplicates: number;
  /** Records kept in the quarantine because they are not valid events. */
  quarantined: number;
}
