import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';

/**
 * Parses YAML text into plain data. Syntax errors, duplicate keys and unknown tags become one
 * `ConfigError` naming `sourceName:line:column` for each; the message never quotes the file,
 * since the offending line may hold a secret.
 */
export function parseYaml(text: string, sourceName: string): unknown {
  const lineCounter = new LineCounter();
  // prettyErrors off: the pretty form appends the source line, which may contain a password.
  const document = parseDocument(text, { prettyErrors: false, lineCounter, uniqueKeys: true });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    const issues = problems.map((problem) => {
      const { line, col } = lineCounter.linePos(problem.pos[0]);
      return { key: `${sourceName}:${line}:${col}`, message: problem.message };
    });
    throw new ConfigError(issues, { sourceName, cause: problems[0] });
  }
  try {
    return document.toJS();
  } catch (error) {
    // toJS refuses alias bombs (too many aliases expanded) and similar abuse.
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ key: sourceName, message }], { sourceName, cause: error });
  }
}
