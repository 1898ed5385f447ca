import { HTTP } from 'cloudevents';
import { toCloudEvent } from './cloud-event';

const event = {
  logId: '90020211103082515482106767167326018758436529088273317970',
  date: new Date('2021-11-03T08:25:14.466Z'),
  type: 'fp',
  userId: 'auth0|61823277a44a21007221a59a',
  hostname: 'dev-yoj8axza.au.auth0.com',
  stream: 'auth0',
  data: { type: 'fp', description: 'Wrong email or password.' },
};

describe('toCloudEvent', () => {
  it("maps an Auth0 event: id = log_id, type = prefix + code, time = date, subject = user, data = Auth0's data", () => {
    const ce = toCloudEvent(event, { typePrefix: 'com.auth0.log.', fallbackSource: 'http://gw' });
    expect(ce).toMatchObject({
      specversion: '1.0',
      id: event.logId,
      source: 'dev-yoj8axza.au.auth0.com',
      type: 'com.auth0.log.fp',
      time: '2021-11-03T08:25:14.466Z',
      subject: event.userId,
      datacontenttype: 'application/json',
      data: event.data,
    });
  });

  it('takes the configured tenant as source, then the hostname, then the fallback; no subject without a user', () => {
    expect(toCloudEvent(event, { typePrefix: 'x.', tenant: 'acme.eu.auth0.com', fallbackSource: 'http://gw' }).source).toBe('acme.eu.auth0.com');
    const anonymous = toCloudEvent({ ...event, hostname: null, userId: null }, { typePrefix: 'x.', fallbackSource: 'http://gw' });
    expect(anonymous.source).toBe('http://gw');
    expect(anonymous.subject).toBeUndefined();
  });

  it('reads back from both HTTP modes unchanged', () => {
    const ce = toCloudEvent(event, { typePrefix: 'com.auth0.log.', fallbackSource: 'http://gw' });
    for (const message of [HTTP.binary(ce), HTTP.structured(ce)]) {
      const back = HTTP.toEvent(message) as typeof ce;
      expect(back.id).toBe(event.logId);
      expect(back.data).toEqual(event.data);
    }
    expect(HTTP.binary(ce).headers).toMatchObject({ 'ce-id': event.logId, 'ce-type': 'com.auth0.log.fp', 'ce-specversion': '1.0' });
  });
});
