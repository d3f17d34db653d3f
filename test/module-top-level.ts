// What a module does when it is imported, read from its source. A module's top level should only declare: what
// runs, runs when its caller calls it. The extension host is shared by every installed extension, so there an
// import must not change the process (replace `process.emitWarning`, add listeners, start timers) or do work.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * Which calls a top-level constant may make:
 * - `none`: no call at all (the extension's modules: activation must stay cheap, so tables are built on first use);
 * - `pure`: computing a value (a table, a pattern) is allowed, but no call that touches the process, the file
 *   system, timers or child processes (shared's modules, whose constants are computed from literals).
 */
export type TopLevelCalls = 'none' | 'pure';

/** Callees that reach outside the module's own values: the process, timers, listeners, files, child processes. */
const PROCESS_CALL =
  /^(?:process\..+|(?:globalThis\.)?(?:setTimeout|setInterval|setImmediate|queueMicrotask)|.+\.(?:on|once|addListener|prependListener)|(?:.+\.)?(?:spawn|fork|exec|execFile)|.+Sync)$/;

/** Every `.ts` file below `folder`. */
export function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The calls an expression makes while it is evaluated (function bodies run later, so they are not entered). */
function callsIn(node: ts.Node): ts.CallExpression[] {
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return [];
  const own = ts.isCallExpression(node) ? [node] : [];
  return [...own, ...node.getChildren().flatMap(callsIn)];
}

function isDeclarationOnly(statement: ts.Statement): boolean {
  return (
    ts.isImportDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement) ||
    ts.isExportDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isFunctionDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  );
}

/**
 * What a module does when it is imported, one line each: any statement other than a declaration, a class
 * with a static block or a static field computed by a call, and a top-level constant computed by a call that
 * `calls` does not allow. Building a value (`new Set([...])`, `new vscode.ThemeIcon(...)`) is a declaration too.
 */
export function importTimeEffects(fileName: string, text: string, calls: TopLevelCalls): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const where = (node: ts.Node): string =>
    `${fileName}:${String(source.getLineAndCharacterOfPosition(node.getStart()).line + 1)}`;
  const counts = (call: ts.CallExpression): boolean =>
    calls === 'none' || PROCESS_CALL.test(call.expression.getText(source).replace(/\s+/g, ''));
  return source.statements.flatMap((statement): string[] => {
    if (isDeclarationOnly(statement)) return [];
    if (ts.isClassDeclaration(statement)) {
      return statement.members
        .filter(
          (member) =>
            ts.isClassStaticBlockDeclaration(member) ||
            (ts.isPropertyDeclaration(member) &&
              member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) === true &&
              member.initializer !== undefined &&
              callsIn(member.initializer).some(counts)),
        )
        .map((member) => `${where(member)}: a static member runs code when the module loads`);
    }
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.flatMap((declaration) =>
        declaration.initializer === undefined
          ? []
          : callsIn(declaration.initializer)
              .filter(counts)
              .map((call) => `${where(call)}: ${call.expression.getText(source)}(…) runs when the module loads`),
      );
    }
    return [`${where(statement)}: ${ts.SyntaxKind[statement.kind]} runs when the module loads`];
  });
}
