// `npm run analyze`: generates custom-elements.json from the elements' JSDoc.
// The elements declare reactive properties with `static properties`
// (no decorators, to stay small); the plugin keeps their internal state
// (`state: true`) out of the attribute list, as @state() would.
import { readFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  litelement: true,
  // The analyzer's glob walks folders concurrently, so on a busy machine the
  // files (and so the manifest's modules) came in a different order now and
  // then, and the freshness test failed on an unchanged source. Sorted, the
  // manifest is the same on every machine and every run.
  overrideModuleCreation({ ts, globs }) {
    return [...globs]
      .sort()
      .map((glob) => ts.createSourceFile(glob, readFileSync(new URL(glob, here), 'utf8'), ts.ScriptTarget.ES2015, true));
  },
  plugins: [
    {
      name: 'parlor-static-state',
      analyzePhase({ ts, node, moduleDoc }) {
        if (!ts.isClassDeclaration(node) || !node.name) return;
        const decl = moduleDoc.declarations?.find((d) => d.name === node.name.getText());
        if (!decl?.attributes) return;
        for (const member of node.members) {
          if (!ts.isPropertyDeclaration(member) || member.name.getText() !== 'properties') continue;
          if (!member.initializer || !ts.isObjectLiteralExpression(member.initializer)) continue;
          for (const prop of member.initializer.properties) {
            if (!ts.isPropertyAssignment(prop) || !/state:\s*true/.test(prop.initializer.getText())) continue;
            const field = prop.name.getText();
            decl.attributes = decl.attributes.filter((a) => a.fieldName !== field && a.name !== field);
            for (const m of decl.members ?? []) if (m.name === field) delete m.attribute;
          }
        }
      },
    },
  ],
};
