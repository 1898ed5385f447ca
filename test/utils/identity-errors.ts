import { IdentityError } from '../../src/identity/identity.error';

/** Awaits a call that must fail with an IdentityError and returns the error. */
export async function identityFailure(promise: Promise<unknown>): Promise<IdentityError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
    return error as IdentityError;
  }
  throw new Error('expected the call to fail');
}

/** What a caller of the identity port sees of an error: status, Auth0 code, message. */
export const errorShape = (e: IdentityError) => ({ status: e.getStatus(), code: e.code, message: e.message });

/** Runs a function that must throw an IdentityError, and returns what a caller sees of it. */
export function thrownShape(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
    return errorShape(error as IdentityError);
  }
  throw new Error('expected the call to throw');
}
