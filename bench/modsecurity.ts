// Whether nginx with ModSecurity is on this machine, for the WAF bench's reference comparison (nothing is installed).
import { spawnSync } from 'node:child_process';

/** Why the ModSecurity comparison is skipped, or undefined when nginx reports a ModSecurity module. */
export function modSecurityAbsence(): string | undefined {
  const nginx = spawnSync('nginx', ['-V'], { encoding: 'utf8' });
  if (nginx.error) return 'ModSecurity comparison skipped: nginx is not installed (the bench installs no packages)';
  // nginx -V prints its configure arguments on stderr; a static or dynamic ModSecurity module shows there.
  if (!/modsecurity/i.test(`${nginx.stdout}${nginx.stderr}`))
    return 'ModSecurity comparison skipped: nginx is installed but built without the ModSecurity module';
  return undefined;
}
