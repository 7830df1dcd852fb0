// Files excluded from every build are scripts run by hand, outside the program (files.ts, isIgnoredBuildScript).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIgnoredBuildScript } from '../../server/src/analysis/files';

/** A Go file whose header is `constraint`, then a package clause. */
function withHeader(constraint: string): string {
  return `${constraint}\n\npackage main\n\nfunc main() {}\n`;
}

describe('isIgnoredBuildScript', () => {
  it('knows the ignore and none tags, in both constraint syntaxes', () => {
    for (const constraint of ['//go:build ignore', '// +build ignore', '//go:build none', '// +build none', '//go:build none\n// +build none']) {
      assert.ok(isIgnoredBuildScript(withHeader(constraint)), constraint);
    }
  });

  it('leaves files built under some tag, and a tag after the package clause', () => {
    for (const constraint of ['//go:build linux', '//go:build !none', '//go:build none || linux', '// +build nonempty', '']) {
      assert.ok(!isIgnoredBuildScript(withHeader(constraint)), constraint);
    }
    assert.ok(!isIgnoredBuildScript('package main\n\n//go:build none\n'));
  });
});
