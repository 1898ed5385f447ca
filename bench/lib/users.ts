import { Client } from 'pg';

const FIRST = ['james', 'mary', 'john', 'patricia', 'robert', 'jennifer', 'michael', 'linda', 'william', 'elizabeth', 'david', 'barbara', 'richard', 'susan', 'joseph', 'jessica',
  'thomas', 'sarah', 'charles', 'karen', 'sofia', 'lucas', 'emma', 'noah', 'olivia', 'liam', 'amelia', 'mateo', 'chloe', 'hugo', 'léa', 'jörg', 'aiko', 'wei', 'priya', 'omar'];
const LAST = ['smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez', 'hernandez', 'lopez', 'gonzalez', 'wilson', 'anderson',
  'thomas', 'taylor', 'moore', 'jackson', 'martin', 'lee', 'perez', 'thompson', 'white', 'müller', 'dubois', 'rossi', 'tanaka', 'kim', 'nguyen', 'singh', 'haddad'];
// Consumer addresses are often handles rather than names.
const HANDLES = ['foodie', 'gamer', 'skater', 'coffee', 'sunny', 'pixel', 'ninja', 'rocket', 'tiger', 'blue', 'quiet', 'lucky', 'happy', 'wild', 'cosmic', 'retro',
  'jazz', 'storm', 'maple', 'panda', 'surf', 'nova', 'echo', 'orbit', 'zen', 'frost', 'ember', 'lunar', 'atlas', 'indigo', 'violet', 'cobalt', 'amber', 'silver', 'golden', 'crimson'];
const DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'proton.me', 'acme-corp.com', 'globex.io', 'initech.com', 'example.org'];
const PLANS: Array<[string, number]> = [['free', 0.55], ['pro', 0.25], ['trial', 0.12], ['enterprise', 0.08]];
const CONNECTION = { id: 'con_DevelopmentUser1', name: 'Username-Password-Authentication' };

/** A small deterministic generator, so every run searches the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts `count` users with realistic emails, names, metadata, logins and dates into local_users. */
export async function insertRealisticUsers(databaseUrl: string, count: number, batchSize = 5000): Promise<void> {
  const next = random(20261122);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const plan = () => {
    let r = next();
    for (const [name, share] of PLANS) if ((r -= share) < 0) return name;
    return 'free';
  };
  const now = Date.UTC(2026, 10, 1);
  const emails = new Set<string>();
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    for (let offset = 0; offset < count; offset += batchSize) {
      const rows = [];
      for (let i = offset; i < Math.min(count, offset + batchSize); i++) {
        const first = pick(FIRST);
        const last = pick(LAST);
        const formats = [`${first}.${last}`, `${first[0]}${last}`, `${first}_${last}${Math.floor(next() * 100)}`, `${pick(HANDLES)}${Math.floor(next() * 10000)}`, `${first}${Math.floor(next() * 1000)}`];
        let local = pick(formats);
        const domain = pick(DOMAINS);
        while (emails.has(`${local}@${domain}`)) local += Math.floor(next() * 10);
        const email = `${local}@${domain}`;
        emails.add(email);
        const createdAt = now - Math.floor(next() * 5 * 365 * 86_400_000);
        const logins = next() < 0.1 ? 0 : Math.floor(-Math.log(1 - next()) * 30);
        rows.push({
          id: (i + 1).toString(16).padStart(24, '0'),
          email: next() < 0.3 ? email[0].toUpperCase() + email.slice(1) : email,
          email_normalized: email,
          email_verified: next() < 0.8,
          name: `${first[0].toUpperCase()}${first.slice(1)} ${last[0].toUpperCase()}${last.slice(1)}`,
          given_name: first,
          family_name: last,
          nickname: local,
          blocked: next() < 0.03,
          logins_count: logins,
          created_at: new Date(createdAt).toISOString(),
          last_login: logins === 0 ? null : new Date(createdAt + Math.floor(next() * (now - createdAt))).toISOString(),
          app_metadata: {
            plan: plan(),
            roles: next() < 0.1 ? ['admin', 'member'] : ['member'],
            seats: 1 + Math.floor(next() * 50),
            customer_id: `cus_${Math.floor(next() * 1e12).toString(36)}`,
            ...(next() < 0.2 ? { beta_features: ['new-dashboard'] } : {}),
          },
          user_metadata: { theme: next() < 0.4 ? 'dark' : 'light', locale: pick(['en', 'fr', 'de', 'es', 'ja']), newsletter: next() < 0.35 },
        });
      }
      await db.query(
        `INSERT INTO local_users (id, connection_id, connection, email, email_normalized, email_verified, name, given_name, family_name, nickname,
           blocked, logins_count, created_at, updated_at, last_login, app_metadata, user_metadata)
         SELECT r.id, $2, $3, r.email, r.email_normalized, r.email_verified, r.name, r.given_name, r.family_name, r.nickname,
           r.blocked, r.logins_count, r.created_at, r.created_at, r.last_login, r.app_metadata, r.user_metadata
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, email text, email_normalized text, email_verified boolean, name text, given_name text,
           family_name text, nickname text, blocked boolean, logins_count int, created_at timestamptz, last_login timestamptz, app_metadata jsonb, user_metadata jsonb)`,
        [JSON.stringify(rows), CONNECTION.id, CONNECTION.name],
      );
    }
    await db.query('ANALYZE local_users');
  } finally {
    await db.end();
  }
}
