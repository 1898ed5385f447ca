import type { EventCategory } from './event-types';

/** An event as the store keeps it: the typed columns people query, plus Auth0's whole `data` object. */
export interface LogEvent {
  logId: string;
  date: Date;
  type: string;
  category: EventCategory;
  description: string | null;
  userId: string | null;
  userName: string | null;
  clientId: string | null;
  clientName: string | null;
  connection: string | null;
  ip: string | null;
  userAgent: string | null;
  hostname: string | null;
  country: string | null;
  stream: string;
  receivedAt: Date;
  data: Record<string, unknown>;
}
