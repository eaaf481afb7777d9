#!/usr/bin/env python3
"""Generate the default mask catalogues in rules/masks/ (one YAML file per guest).

Inputs:
  * src/main/resources/io/cpuidmask/catalog/features.yaml (per-bit facts for the
    leaves newer than 2008: 7.0, 7.1, 0xD.1, 0x80000008), read with a tiny parser
    for the block-style subset that file uses;
  * VMware's per-feature policy of February 2008 for levels 1 and 0x80000001
    (VMware's CPUID field reference of 2008), embedded below as VMWARE_2008;
  * the literal ESX 3.0 VI Client defaults (docs/DOMAIN.md, guest catalogues), embedded below.

Derivation (docs/DOMAIN.md, guest catalogues):
  * 1.ECX, 1.EDX, 0x80000001.ECX/EDX: HOST->H, RSVD->R, MASK v->v, TEST 1->T,
    IGNORE->X, bits not listed->R. A bit VMware listed as INTEL-only is undefined
    (R) on AMD hosts and vice versa: where the Intel and AMD strings differ, two
    entries are written (vendor GenuineIntel / AuthenticAMD), else one without
    vendor. 32-bit guests get the 32-bit overlays (1.ECX bit 13, 0x80000001.EDX
    bit 29, 0x80000001.ECX bit 0 -> 0).
  * 1.EAX: the ESX 3.0 literal for every guest.
  * windows: the four ESX 3.0 literals are its GenuineIntel entries as printed
    (they override derivation and overlays); AMD entries are derived.
  * 7.0.EBX/ECX/EDX, 7.1.EAX, 0xD.1.EAX, 0x80000008.EBX, from features.yaml:
    user-mode feature -> H, kernel-only feature (this includes the firmware and
    microcode speculation controls) -> R, reserved -> R, informational bit
    (kind info: FDP_EXCPTN_ONLY, ZERO_FCS_FDS, MAWAU, HYBRID, XSAVEERPTR,
    EFER_LMSLE_UNSUPPORTED) -> X, OS-set bit (kind os: OSPKE) -> X. These leaves
    get one entry without vendor: features.yaml's vendor column is not used,
    because AMD and Intel keep adopting each other's leaf-7 bits.

Usage (from the repository root or anywhere):  python3 src/build/gen_catalogs.py [--out DIR]
Rewrites rules/masks/*.yaml (or writes into DIR). Python 3 standard library only.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FEATURES = os.path.join(ROOT, 'src', 'main', 'resources', 'io', 'cpuidmask', 'catalog', 'features.yaml')
OUTDIR = os.path.join(ROOT, 'rules', 'masks')

INTEL, AMD = 'GenuineIntel', 'AuthenticAMD'

# ---------------------------------------------------------------------------
# VMware x86cpuid.h, February 2008 (reference/vmware-2008-cpuid-fields.md):
# (leaf, register) -> {bit: (name, vendor, mask type)}
VMWARE_2008 = {
    (0x00000001, 'ecx'): {
        0: ('SSE3', 'COMMON', 'HOST'), 2: ('NDA2', 'INTEL', 'MASK 0'), 3: ('MWAIT', 'COMMON', 'MASK 0'),
        4: ('DSCPL', 'INTEL', 'MASK 0'), 5: ('VMX', 'INTEL', 'MASK 0'), 6: ('SMX', 'INTEL', 'MASK 0'),
        7: ('EST', 'INTEL', 'MASK 0'), 8: ('TM2', 'INTEL', 'MASK 0'), 9: ('SSSE3', 'COMMON', 'HOST'),
        10: ('HTCACHE', 'INTEL', 'MASK 0'), 13: ('CMPX16', 'COMMON', 'HOST'), 14: ('xPPR', 'INTEL', 'MASK 0'),
        15: ('PERF_MSR', 'INTEL', 'MASK 0'), 18: ('DCA', 'INTEL', 'MASK 0'), 19: ('SSE41', 'INTEL', 'HOST'),
        20: ('SSE42', 'INTEL', 'HOST'), 21: ('X2APIC', 'INTEL', 'MASK 0'), 22: ('MOVBE', 'INTEL', 'RSVD'),
        23: ('POPCNT', 'COMMON', 'HOST'), 24: ('ULE', 'INTEL', 'RSVD'), 31: ('HYPERVISOR', 'COMMON', 'IGNORE'),
    },
    (0x00000001, 'edx'): {
        0: ('FPU', 'COMMON', 'HOST'), 1: ('VME', 'COMMON', 'HOST'), 2: ('DBGE', 'COMMON', 'HOST'),
        3: ('PGSZE', 'COMMON', 'HOST'), 4: ('TSC', 'COMMON', 'HOST'), 5: ('MSR', 'COMMON', 'HOST'),
        6: ('PAE', 'COMMON', 'HOST'), 7: ('MCK', 'COMMON', 'HOST'), 8: ('CPMX', 'COMMON', 'HOST'),
        9: ('APIC', 'COMMON', 'MASK 1'), 11: ('SEP', 'COMMON', 'HOST'), 12: ('MTRR', 'COMMON', 'HOST'),
        13: ('PGE', 'COMMON', 'HOST'), 14: ('MCA', 'COMMON', 'HOST'), 15: ('CMOV', 'COMMON', 'HOST'),
        16: ('PAT', 'COMMON', 'HOST'), 17: ('36PG', 'COMMON', 'HOST'), 18: ('PSN', 'INTEL', 'HOST'),
        19: ('CLFL', 'COMMON', 'HOST'), 21: ('DTES', 'INTEL', 'HOST'), 22: ('ACPI', 'INTEL', 'HOST'),
        23: ('MMX', 'COMMON', 'HOST'), 24: ('FXSAVE', 'COMMON', 'HOST'), 25: ('SSE', 'COMMON', 'HOST'),
        26: ('SSE2', 'COMMON', 'HOST'), 27: ('SS', 'INTEL', 'HOST'), 28: ('HT', 'COMMON', 'MASK 0'),
        29: ('TM', 'INTEL', 'MASK 0'), 30: ('IA64', 'INTEL', 'MASK 0'), 31: ('PBE', 'INTEL', 'MASK 0'),
    },
    (0x80000001, 'ecx'): {
        0: ('LAHF', 'COMMON', 'HOST'), 1: ('CMPLEGACY', 'AMD', 'MASK 0'), 2: ('SVM', 'AMD', 'MASK 0'),
        3: ('EXTAPICSPC', 'AMD', 'HOST'), 4: ('CR8AVAIL', 'AMD', 'MASK 0'), 5: ('ABM', 'AMD', 'HOST'),
        6: ('SSE4A', 'AMD', 'HOST'), 7: ('MISALIGNED_SSE', 'AMD', 'HOST'), 8: ('3DNPREFETCH', 'AMD', 'HOST'),
        9: ('OSVW', 'AMD', 'MASK 0'), 10: ('IBS', 'AMD', 'MASK 0'), 11: ('SSE5', 'AMD', 'RSVD'),
        12: ('SKINIT', 'AMD', 'MASK 0'), 13: ('WATCHDOG', 'AMD', 'MASK 0'),
    },
    (0x80000001, 'edx'): {
        0: ('FPU', 'AMD', 'HOST'), 1: ('VME', 'AMD', 'HOST'), 2: ('DBGE', 'AMD', 'HOST'),
        3: ('PGSZE', 'AMD', 'HOST'), 4: ('TSC', 'AMD', 'HOST'), 5: ('MSR', 'AMD', 'HOST'),
        6: ('PAE', 'AMD', 'HOST'), 7: ('MCK', 'AMD', 'HOST'), 8: ('CPMX', 'AMD', 'HOST'),
        9: ('APIC', 'AMD', 'MASK 1'), 11: ('SYSC', 'COMMON', 'IGNORE'), 12: ('MTRR', 'AMD', 'HOST'),
        13: ('PGE', 'AMD', 'HOST'), 14: ('MCA', 'AMD', 'HOST'), 15: ('CMOV', 'AMD', 'HOST'),
        16: ('PAT', 'AMD', 'HOST'), 17: ('36PG', 'AMD', 'HOST'), 20: ('NX', 'COMMON', 'HOST'),
        22: ('MMXEXT', 'AMD', 'HOST'), 23: ('MMX', 'AMD', 'HOST'), 24: ('FXSAVE', 'AMD', 'HOST'),
        25: ('FFXSR', 'AMD', 'HOST'), 26: ('PDPE1GB', 'AMD', 'MASK 0'), 27: ('RDTSCP', 'COMMON', 'HOST'),
        29: ('LM', 'COMMON', 'TEST 1'), 30: ('3DNOWPLUS', 'AMD', 'HOST'), 31: ('3DNOW', 'AMD', 'HOST'),
    },
}
TYPE_CHAR = {'HOST': 'H', 'RSVD': 'R', 'MASK 0': '0', 'MASK 1': '1', 'TEST 1': 'T', 'IGNORE': 'X'}

# 32-bit guest overlays from the same file: (leaf, register) -> {bit: char}
OVERLAY_32 = {
    (0x00000001, 'ecx'): {13: '0'},   # CMPXCHG16B hidden
    (0x80000001, 'edx'): {29: '0'},   # LM hidden
    (0x80000001, 'ecx'): {0: '0'},    # LAHF/SAHF hidden
}

# Literal ESX 3.0 VI Client defaults (Intel hosts, Windows guests), DESIGN.md section 4.
LITERAL_1_EAX = 'XXXX HHHH HHHH XXXX XXXX HHHH XXXX XXXX'
LITERAL_WINDOWS_INTEL = {
    (0x00000001, 'ecx'): 'RRRR RRRR RRRR RRR0 00XR R0H0 000H 0RRH',
    (0x80000001, 'ecx'): 'RRRR RRRR RRRR RRRR RRRR RRRR RRRR RRRX',
    (0x80000001, 'edx'): 'RRXR RRRR RRRH RRRR RRRR HRRR RRRR RRRR',
}

SRC_1_EAX = ('ESX 3.0 VI Client 1.EAX default (DESIGN.md section 4), used for every guest and vendor: '
             'family and extended family H, model, extended model and stepping X')
SRC_WINDOWS_LITERAL = 'ESX 3.0 VI Client default for Windows guests on Intel hosts (seed article, DESIGN.md section 4), literal as printed'
SRC_VMWARE = ('derived from VMware x86cpuid.h 2008 policy (reference/vmware-2008-cpuid-fields.md): HOST H, RSVD R, '
              'MASK 0/1, TEST T, IGNORE X, other-vendor bits R; bits defined after 2008 from features.yaml '
              '(user-mode H, kernel-only R, informational X), still-undefined bits R')
SRC_NEW = ('derived from features.yaml: user-mode H, kernel-only R (speculation and other firmware/microcode '
           'controls included), reserved R, informational X, OS-set X (DESIGN.md section 4)')

# Registers of every catalogue, in output order: (leaf, subleaf, register, write subleaf?)
REGISTERS = [
    (0x00000001, 0, 'eax', False),
    (0x00000001, 0, 'ecx', False),
    (0x00000001, 0, 'edx', False),
    (0x00000007, 0, 'ebx', True),
    (0x00000007, 0, 'ecx', True),
    (0x00000007, 0, 'edx', True),
    (0x00000007, 1, 'eax', True),
    (0x0000000D, 1, 'eax', True),
    (0x80000001, 0, 'ecx', False),
    (0x80000001, 0, 'edx', False),
    (0x80000008, 0, 'ebx', False),
]
NEW_LEAVES = {(0x00000007, 0, 'ebx'), (0x00000007, 0, 'ecx'), (0x00000007, 0, 'edx'),
              (0x00000007, 1, 'eax'), (0x0000000D, 1, 'eax'), (0x80000008, 0, 'ebx')}

# Guest minimums (DESIGN.md section 5), canonical names from features.yaml.
V1 = ['FPU', 'CX8', 'CMOV', 'MMX', 'FXSR', 'SSE', 'SSE2', 'SYSCALL', 'LM']
V2 = ['CX16', 'LAHF_LM', 'POPCNT', 'SSE3', 'SSSE3', 'SSE4_1', 'SSE4_2']
V3 = ['AVX', 'AVX2', 'BMI1', 'BMI2', 'F16C', 'FMA', 'LZCNT', 'MOVBE', 'OSXSAVE']
# Intel reports SYSCALL (0x80000001 EDX bit 11) only when CPUID runs in 64-bit mode, so dumps
# taken from 32-bit code lack it although every x86-64 CPU has it: LM stands for it in minimums.
V1_MIN = [n for n in V1 if n != 'SYSCALL']
WIN8 = ['PAE', 'NX', 'SSE2']
# Windows 8.1 x64 also needs PREFETCHW, but it probes the instruction instead of reading CPUID:
# Intel CPUs before Broadwell execute PREFETCHW without setting the 3DNowPrefetch bit, so a CPUID
# check would wrongly fail Nehalem to Haswell hosts. It is left out of the CPUID minimum.
WIN81_64 = WIN8 + ['CX16', 'LAHF_LM']


def merge(*lists):
    out = []
    for lst in lists:
        for n in lst:
            if n not in out:
                out.append(n)
    return out


GUESTS = [
    # id, os, bits, description, minimum
    # The ESX 3.0 defaults were for Windows Server 2003 guests (the seed's), which need no more than a Pentium.
    ('windows', 'windows', 32, 'Windows (Server 2003 era), 32-bit, ESX 3.0 defaults (Intel entries as printed in the seed)', []),
    ('windows8', 'windows', 32, 'Windows 8 / Server 2012 and later, 32-bit; minimum PAE, NX, SSE2', WIN8),
    ('windows-64', 'windows', 64, 'Windows, 64-bit; minimum: Windows 8.1 x64 and later (plus x86-64-v1)', merge(WIN81_64, V1_MIN)),
    ('windows11-64', 'windows', 64, 'Windows 11 24H2 / Server 2025, 64-bit; minimum adds SSE4.2 and POPCNT', merge(WIN81_64, ['SSE4_2', 'POPCNT'], V1_MIN)),
    ('linux', 'linux', 32, 'Linux, 32-bit', []),
    ('linux-64', 'linux', 64, 'Linux, 64-bit; minimum x86-64-v1', list(V1_MIN)),
    ('rhel9-64', 'linux', 64, 'Red Hat Enterprise Linux 9, 64-bit; minimum x86-64-v2', merge(V1_MIN, V2)),
    ('rhel10-64', 'linux', 64, 'Red Hat Enterprise Linux 10, 64-bit; minimum x86-64-v3', merge(V1_MIN, V2, V3)),
    ('solaris', 'solaris', 32, 'Solaris, 32-bit', []),
    ('solaris-64', 'solaris', 64, 'Solaris, 64-bit; minimum x86-64-v1', list(V1_MIN)),
    ('other', 'other', 32, 'Other guest OS, 32-bit', []),
    ('other-64', 'other', 64, 'Other guest OS, 64-bit; minimum x86-64-v1', list(V1_MIN)),
]

MASK_RE = re.compile(r'^[XRH01TF]{32}$')


# ---------------------------------------------------------------------------
def parse_features(path):
    """Tiny parser for the block-style subset of features.yaml: a top-level
    `features:` list of flat maps with scalar or flow-list values."""
    feats = []
    cur = None
    section = None
    with open(path, encoding='utf-8') as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip('\n')
            stripped = line.strip()
            if not stripped or stripped.startswith('#'):
                continue
            if not line.startswith(' '):
                section = stripped.rstrip(':')
                cur = None
                continue
            if section != 'features':
                continue
            m = re.match(r'^  (- |  )([A-Za-z]+):\s*(.*)$', line)
            if not m:
                raise SystemExit('%s:%d: cannot parse: %s' % (path, lineno, line))
            if m.group(1) == '- ':
                cur = {}
                feats.append(cur)
            key, val = m.group(2), m.group(3).strip()
            if val.startswith('"') and val.endswith('"'):
                val = val[1:-1]
            elif val.startswith('[') and val.endswith(']'):
                val = [v.strip() for v in val[1:-1].split(',') if v.strip()]
            cur[key] = val
    for f in feats:
        f['leaf'] = int(f['leaf'], 16)
        f['subleaf'] = int(f['subleaf'])
        f['bit'] = int(f['bit'])
        f['userMode'] = f.get('userMode') == 'true'
    return feats


def fmt(chars):
    """chars: list indexed by bit (0..31) -> 'RRRR RRRR ...' bit 31 first."""
    s = ''.join(chars[31 - i] for i in range(32))
    return ' '.join(s[i:i + 4] for i in range(0, 32, 4))


def plain(mask):
    return mask.replace(' ', '')


def new_leaf_char(f):
    """User-mode features H, kernel-only R, reserved R, informational and OS-set X (DESIGN.md section 4)."""
    kind = f.get('kind', 'feature')
    if kind == 'reserved':
        return 'R'
    if kind in ('info', 'os', 'hypervisor'):
        return 'X'
    return 'H' if f['userMode'] else 'R'


def applies(f, vendor):
    v = f.get('vendor', 'common')
    return v == 'common' or (v == 'intel') == (vendor == INTEL)


def derive_2008(leaf, reg, vendor, bits, feats):
    table = VMWARE_2008[(leaf, reg)]
    later = {f['bit']: f for f in feats
             if (f['leaf'], f['subleaf'], f['register']) == (leaf, 0, reg) and f.get('kind') != 'reserved' and applies(f, vendor)}
    chars = []
    for bit in range(32):
        e = table.get(bit)
        if e is None:
            # Not defined in 2008 (AVX, AES, XSAVE, ...): treated like the newer leaves, so that a
            # guest sees AVX wherever it sees AVX2, and x86-64-v2/v3 guests can boot.
            c = new_leaf_char(later[bit]) if bit in later else 'R'
        else:
            _, owner, mtype = e
            if owner == 'COMMON' or (owner == 'INTEL') == (vendor == INTEL):
                c = TYPE_CHAR[mtype]
            else:
                c = 'R'
        chars.append(c)
    if bits == 32:
        for bit, c in OVERLAY_32.get((leaf, reg), {}).items():
            chars[bit] = c
    return fmt(chars)


def derive_new(feats, leaf, sub, reg):
    by_bit = {f['bit']: f for f in feats if (f['leaf'], f['subleaf'], f['register']) == (leaf, sub, reg)}
    if sorted(by_bit) != list(range(32)):
        raise SystemExit('features.yaml does not cover all 32 bits of %08x.%d.%s' % (leaf, sub, reg))
    return fmt([new_leaf_char(by_bit[bit]) for bit in range(32)])


def entries_for(guest, bits, feats):
    out = []
    for leaf, sub, reg, write_sub in REGISTERS:
        base = {'leaf': leaf, 'subleaf': sub if write_sub else None, 'register': reg}
        if (leaf, reg) == (0x00000001, 'eax'):
            out.append(dict(base, vendor=None, mask=LITERAL_1_EAX, source=SRC_1_EAX))
        elif (leaf, sub, reg) in NEW_LEAVES:
            out.append(dict(base, vendor=None, mask=derive_new(feats, leaf, sub, reg), source=SRC_NEW))
        else:
            intel = derive_2008(leaf, reg, INTEL, bits, feats)
            amd = derive_2008(leaf, reg, AMD, bits, feats)
            src_intel = src_amd = SRC_VMWARE + ('; 32-bit guest overlays applied' if bits == 32 and (leaf, reg) in OVERLAY_32 else '')
            if guest == 'windows' and (leaf, reg) in LITERAL_WINDOWS_INTEL:
                intel = LITERAL_WINDOWS_INTEL[(leaf, reg)]
                src_intel = SRC_WINDOWS_LITERAL
            if intel == amd and src_intel == src_amd:
                out.append(dict(base, vendor=None, mask=intel, source=src_intel))
            else:
                out.append(dict(base, vendor=INTEL, mask=intel, source=src_intel))
                out.append(dict(base, vendor=AMD, mask=amd, source=src_amd))
    for e in out:
        if not MASK_RE.match(plain(e['mask'])):
            raise SystemExit('bad mask %r' % e['mask'])
    return out


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def expose_minimum(entries, minimum, feats):
    """A guest must see what it cannot run without: minimum features under R or 0 become H.

    VMware's 2008 table reserved bits that x86-64-v3 now needs (MOVBE was Atom-only then, LZCNT
    AMD-only), which would make a RHEL 10 guest unbootable."""
    for e in entries:
        chars = list(plain(e['mask']))
        opened = []
        for f in feats:
            if f['name'] in minimum and (f['leaf'], f['subleaf'], f['register']) == (e['leaf'], e['subleaf'] or 0, e['register']) \
                    and (e['vendor'] is None or applies(f, e['vendor'])) and chars[31 - f['bit']] in 'R0':
                chars[31 - f['bit']] = 'H'
                opened.append(f['name'])
        if opened:
            e['mask'] = fmt(list(reversed(chars)))
            e['source'] += '; the guest\'s minimum features passed through (H): ' + ', '.join(sorted(opened))
    return entries


def render(guest, os_name, bits, desc, minimum, entries):
    lines = [
        '# generated by src/build/gen_catalogs.py from src/main/resources/io/cpuidmask/catalog/features.yaml',
        '# and the VMware 2008 policy table (shared reference/vmware-2008-cpuid-fields.md, embedded in',
        '# the generator); do not edit by hand: change the inputs and rerun',
        '#   python3 src/build/gen_catalogs.py',
        '# Levels 1 and 0x80000001: VMware 2008 policy (HOST H, RSVD R, MASK 0/1, TEST T, IGNORE X,',
        '# undefined R; a bit defined for one vendor only is R on the other vendor%s).' % (
            ', 32-bit overlays applied' if bits == 32 else ''),
        '# Leaves 7, 0xD.1 and 0x80000008: user-mode features H, kernel-only R, reserved R,',
        '# informational and OS-set bits X (DESIGN.md section 4).',
        'guest: %s' % guest,
        'description: %s' % q(desc),
        'os: %s' % os_name,
        'bits: %d' % bits,
        'minimum: [%s]' % ', '.join(minimum),
        'masks:',
    ]
    for e in entries:
        lines.append('  - leaf: 0x%08X' % e['leaf'])
        if e['subleaf'] is not None:
            lines.append('    subleaf: %d' % e['subleaf'])
        lines.append('    register: %s' % e['register'])
        if e['vendor']:
            lines.append('    vendor: %s' % e['vendor'])
        lines.append('    mask: "%s"' % e['mask'])
        lines.append('    source: %s' % q(e['source']))
    return '\n'.join(lines) + '\n'


def main():
    feats = parse_features(FEATURES)
    names = {f['name'] for f in feats}
    # sanity: the seed's default must come out exactly
    seed = render('windows', 'windows', 32, '', [], entries_for('windows', 32, feats))
    assert 'mask: "RRRR RRRR RRRR RRR0 00XR R0H0 000H 0RRH"' in seed
    # --out DIR writes elsewhere (GeneratedCatalogsTest compares that with rules/masks/)
    outdir = sys.argv[sys.argv.index('--out') + 1] if '--out' in sys.argv else OUTDIR
    os.makedirs(outdir, exist_ok=True)
    written = []
    for guest, os_name, bits, desc, minimum in GUESTS:
        unknown = [n for n in minimum if n not in names]
        if unknown:
            raise SystemExit('%s: minimum names not in features.yaml: %s' % (guest, unknown))
        text = render(guest, os_name, bits, desc, minimum, expose_minimum(entries_for(guest, bits, feats), minimum, feats))
        path = os.path.join(outdir, guest + '.yaml')
        with open(path, 'w', encoding='utf-8', newline='\n') as fh:
            fh.write(text)
        written.append(os.path.relpath(path, ROOT))
    for p in written:
        print('wrote', p)


if __name__ == '__main__':
    sys.exit(main())
