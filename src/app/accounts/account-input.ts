/**
 * Checks shared by the account use cases (sign-up, invitations, password reset) for the fields a
 * person types: e-mail addresses, display names and passwords. The length rules are the ones
 * createUser applies, so an account is valid however it was made.
 */
import type { FieldError } from '../../domain/errors.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/create-user.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const DISPLAY_NAME_MAX = 100;

export function normalizeEmail(email: unknown): string {
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

export function emailProblems(email: string, pointer = '/email'): FieldError[] {
  return EMAIL.test(email) && email.length <= 254 ? [] : [{ pointer, detail: 'must be an e-mail address' }];
}

export function passwordProblems(password: unknown, pointer = '/password'): FieldError[] {
  const ok = typeof password === 'string' && password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH;
  return ok ? [] : [{ pointer, detail: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` }];
}

export function textProblems(value: unknown, pointer: string, max: number, required = true): FieldError[] {
  const text = typeof value === 'string' ? value.trim() : '';
  if (required && !text) return [{ pointer, detail: 'is required' }];
  if (text.length > max) return [{ pointer, detail: `must be at most ${max} characters` }];
  return [];
}
