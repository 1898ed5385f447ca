import { pageLinks } from './page-links';

describe('pageLinks', () => {
  it('links the next page while matches remain and keeps the other parameters', () => {
    expect(pageLinks({ url: '/users?email=a%2A&_l=10', page: 0, perPage: 10, total: 25 })).toBe('</users?email=a*&_l=10&_sk=1>; rel="next"');
    expect(pageLinks({ url: '/users?_sk=1&_l=10&connection=a&connection=b', page: 1, perPage: 10, total: 25 })).toBe(
      '</users?_sk=2&_l=10&connection=a&connection=b>; rel="next", </users?_sk=0&_l=10&connection=a&connection=b>; rel="prev"',
    );
  });

  it('has no next link on the last page, nor any link for a single page', () => {
    expect(pageLinks({ url: '/users?_sk=2&_l=10', page: 2, perPage: 10, total: 25 })).toBe('</users?_sk=1&_l=10>; rel="prev"');
    expect(pageLinks({ url: '/users', page: 0, perPage: 25, total: 25 })).toBeUndefined();
    expect(pageLinks({ url: '/users', page: 0, perPage: 25, total: 0 })).toBeUndefined();
  });

  it('stops at the 1000-match search window and points back from past the end', () => {
    // Page 33 of 30 would reach past the 1000th match: the provider refuses it.
    expect(pageLinks({ url: '/users?_l=30&_sk=32', page: 32, perPage: 30, total: 5000 })).toBe('</users?_l=30&_sk=31>; rel="prev"');
    expect(pageLinks({ url: '/users?_l=100&_sk=8', page: 8, perPage: 100, total: 1000 })).toContain('_sk=9>; rel="next"');
    expect(pageLinks({ url: '/users?_sk=7', page: 7, perPage: 25, total: 30 })).toBe('</users?_sk=1>; rel="prev"');
  });
});
