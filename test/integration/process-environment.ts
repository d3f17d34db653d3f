/**
 * Gives the test process the environment a suite needs (the bot's Lambda handler reads its settings from
 * `process.env`): sets `values`, removes `unset`, and returns the function that puts every variable it touched
 * back as it was, so a suite cannot leak its settings into the next one.
 */
export function replaceProcessEnvironment(
  values: Readonly<Record<string, string>>,
  unset: readonly string[] = [],
): () => void {
  const saved = new Map([...Object.keys(values), ...unset].map((key) => [key, process.env[key]]));
  for (const key of unset) Reflect.deleteProperty(process.env, key);
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  };
}
