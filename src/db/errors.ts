/** Recognising database errors the app turns into messages (drizzle wraps the driver's error in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  const codes = [error, (error as { cause?: unknown } | undefined)?.cause].map(
    (candidate) => (candidate as { code?: unknown } | undefined)?.code,
  );
  return codes.includes("23505");
}
