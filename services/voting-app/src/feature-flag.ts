import { parse } from "cookie";
import type { CookieOptions } from "express";

/** The cookie Istio's voting-app route matches to send a user to app 2.0. */
export const FEATURE_FLAG_COOKIE = "featureflag";
export const FEATURE_FLAG_ON = "on";
const LIFETIME_MS = 15 * 60 * 1000;

export const featureFlagCookie: CookieOptions = {
  path: "/",
  maxAge: LIFETIME_MS,
  httpOnly: true,
  sameSite: "lax",
};

export function isFeatureFlagSet(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  try {
    return parse(cookieHeader)[FEATURE_FLAG_COOKIE] === FEATURE_FLAG_ON;
  } catch {
    return false;
  }
}
