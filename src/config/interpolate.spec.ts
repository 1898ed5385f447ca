import { interpolate, InterpolationProblem } from './interpolate';

function run(doc: unknown, env: NodeJS.ProcessEnv) {
  const problems: InterpolationProblem[] = [];
  return { value: interpolate(doc, env, problems), problems };
}

describe('configuration interpolation', () => {
  it('replaces ${VAR} and ${VAR:-default} in nested values, arrays and keys', () => {
    const { value, problems } = run(
      { a: 'https://${HOST}/x', list: ['${MISSING:-fallback}', 'plain'], nested: { '${KEY}': { b: 'pre-${HOST}-post' } } },
      { HOST: 'example.com', KEY: 'dynamic' },
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({ a: 'https://example.com/x', list: ['fallback', 'plain'], nested: { dynamic: { b: 'pre-example.com-post' } } });
  });

  it('uses the default when the variable is set but empty', () => {
    expect(run({ a: '${EMPTY:-d}' }, { EMPTY: '' }).value).toEqual({ a: 'd' });
  });

  it('reports every unset variable with the path where it is used', () => {
    const { problems } = run({ a: { b: '${ONE}' }, c: ['${TWO}'] }, {});
    expect(problems).toEqual([
      { path: 'a.b', message: 'environment variable ONE is not set' },
      { path: 'c[0]', message: 'environment variable TWO is not set' },
    ]);
  });

  it('keeps $${ as a literal ${', () => {
    expect(run({ a: 'cost $${NOT_A_VAR}' }, {}).value).toEqual({ a: 'cost ${NOT_A_VAR}' });
  });

  it('turns a whole-value placeholder into a number or boolean, but not a partial one', () => {
    const { value } = run({ n: '${N}', b: '${B:-false}', s: 'v${N}', secret: '${S}' }, { N: '42', B: undefined, S: 'abc' });
    expect(value).toEqual({ n: 42, b: false, s: 'v42', secret: 'abc' });
  });

  it('leaves non-string values untouched', () => {
    expect(run({ n: 1, t: true, z: null }, {}).value).toEqual({ n: 1, t: true, z: null });
  });
});
