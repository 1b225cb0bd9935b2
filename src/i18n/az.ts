/** Azerbaijani (placeholder copy of English until translated). */
import { en, type Messages } from "./en";

export const az: Messages = { ...en };
