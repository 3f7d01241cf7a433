/**
 * The string fields of a submitted form, the first value of a name, for `signIn` from a form
 * action: files are not credentials, and a repeated name cannot override the first.
 *
 * @example
 * const { providerId, redirectTo, ...credentials } = formFields(await request.formData());
 */
export function formFields(form: Iterable<[string, FormDataEntryValue]> | null | undefined): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of form ?? []) {
    if (typeof value === "string" && !(key in fields)) fields[key] = value;
  }
  return fields;
}
