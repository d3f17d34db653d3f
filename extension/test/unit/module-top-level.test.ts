// The extension host is shared by every installed extension: importing one of our modules must not change the
// process (replace `process.emitWarning`, add listeners, start timers) or do work of its own. Each module's top
// level only declares; what runs, runs when activation or a command calls it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const sourceRoot = join(__dirname, '..', '..', 'src');

function typeScriptFiles(folder: string): string[] {
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
 * with a static block or a static field computed by a call, and a top-level constant computed by a call.
 * Building a value (`new Set([...])`, `new vscode.ThemeIcon(...)`) is a declaration too.
 */
function importTimeEffects(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const where = (node: ts.Node): string =>
    `${fileName}:${String(source.getLineAndCharacterOfPosition(node.getStart()).line + 1)}`;
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
              callsIn(member.initializer).length > 0),
        )
        .map((member) => `${where(member)}: a static member runs code when the module loads`);
    }
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.flatMap((declaration) =>
        declaration.initializer === undefined
          ? []
          : callsIn(declaration.initializer).map(
              (call) => `${where(call)}: ${call.expression.getText(source)}(…) runs when the module loads`,
            ),
      );
    }
    return [`${where(statement)}: ${ts.SyntaxKind[statement.kind]} runs when the module loads`];
  });
}

describe('the extension modules, when imported', () => {
  it('finds what a module would do on import', () => {
    const text = [
      "import * as vscode from 'vscode';",
      'export const ICON = new vscode.ThemeIcon("error");',
      'const original = process.emitWarning.bind(process);',
      'process.emitWarning = () => undefined;',
      'export class Thing { static readonly started = Date.now(); }',
      'export function later(): void { process.exitCode = 1; }',
    ].join('\n');
    assert.deepEqual(importTimeEffects('sample.ts', text), [
      'sample.ts:3: process.emitWarning.bind(…) runs when the module loads',
      'sample.ts:4: ExpressionStatement runs when the module loads',
      'sample.ts:5: a static member runs code when the module loads',
    ]);
  });

  it('only declare: no module of extension/src runs anything at its top level', () => {
    const files = typeScriptFiles(sourceRoot);
    assert.ok(files.length > 40, `expected the extension's modules under ${sourceRoot}, found ${String(files.length)}`);
    const effects = files.flatMap((file) => importTimeEffects(relative(sourceRoot, file), readFileSync(file, 'utf8')));
    assert.deepEqual(effects, []);
  });
});
