#!/usr/bin/env python3
"""Generates the indicator Measures and their CQL Libraries of the IG (profiles/src/main/fhir/Measure-*.json,
Library-*.json) from the CQL sources in this folder and the indicator table below, so the CQL text in a Library
is always the file next to this script. The province of a commune comes from the administrative-unit list
(terminology/.../admin-units/vn-admin-units-2025.csv) as code ranges, so CQL needs no terminology lookup.
Run: python3 profiles/src/main/cql/generate_measures.py   (then commit the changed JSON)."""
import base64, csv, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..'))
FHIR = os.path.join(ROOT, 'profiles', 'src', 'main', 'fhir')
CSV = os.path.join(ROOT, 'terminology', 'src', 'main', 'resources', 'vn', 'eccd', 'terminology', 'admin-units', 'vn-admin-units-2025.csv')
BASE = 'https://fhir.eccd.vn'
VERSION = '0.1.0'
DATE = '2026-11-26'

# id, CQL name, cohort (years after birth), vaccines, min doses, dose limit, titles, WHO/VN notes
INDICATORS = [
  ('imm-bcg', 'ImmBCG', 1, ['bcg'], 1, 'first-birthday', 'BCG coverage by the first birthday', 'Tỷ lệ trẻ được tiêm BCG trước 1 tuổi', 'IMMZ.IND.BCG'),
  ('imm-hepb-birth-dose', 'ImmHepBBirthDose', 0, ['hepb'], 1, 'day-after-birth', 'Hepatitis B birth dose within 24 hours', 'Tỷ lệ trẻ sơ sinh được tiêm vắc xin viêm gan B trong 24 giờ đầu', 'IMMZ.IND.HEPB_BD'),
  ('imm-dtp3', 'ImmDTP3', 1, ['dtp-hepb-hib'], 3, 'first-birthday', 'DTP3 (DTP-HepB-Hib dose 3) by the first birthday', 'Tỷ lệ trẻ được tiêm đủ 3 mũi DPT-VGB-Hib (5 trong 1) trước 1 tuổi', 'IMMZ.IND.DTP3'),
  ('imm-opv3', 'ImmOPV3', 1, ['bopv'], 3, 'first-birthday', 'OPV3 (3 doses of oral polio vaccine) by the first birthday', 'Tỷ lệ trẻ được uống đủ 3 liều vắc xin bại liệt (OPV) trước 1 tuổi', 'IMMZ.IND.POL3'),
  ('imm-ipv1', 'ImmIPV1', 1, ['ipv'], 1, 'first-birthday', 'IPV1 (first dose of inactivated polio vaccine) by the first birthday', 'Tỷ lệ trẻ được tiêm 1 mũi vắc xin bại liệt tiêm (IPV) trước 1 tuổi', 'IMMZ.IND.IPV1'),
  ('imm-mcv1', 'ImmMCV1', 1, ['measles', 'mr'], 1, 'first-birthday', 'MCV1 (first dose of measles-containing vaccine) by the first birthday', 'Tỷ lệ trẻ được tiêm 1 mũi vắc xin có thành phần sởi trước 1 tuổi', 'IMMZ.IND.MCV1'),
  ('imm-dtp4', 'ImmDTP4', 2, ['dtp'], 1, 'second-birthday', 'DTP4 (DTP booster) by the second birthday', 'Tỷ lệ trẻ được tiêm mũi nhắc DPT (DTP4) trước 2 tuổi', None),
  ('imm-mr', 'ImmMR', 2, ['mr'], 1, 'second-birthday', 'MR (measles-rubella) by the second birthday', 'Tỷ lệ trẻ được tiêm vắc xin sởi - rubella (MR) trước 2 tuổi', None),
]

# ---- dose validity by vaccine product (the same derivation as vn.eccd.fhir.immunization.ProductDoseRules) ----
IMMZ = os.path.join(ROOT, 'terminology', 'src', 'main', 'resources', 'vn', 'eccd', 'terminology', 'immunization')
CS_VACCINE = BASE + '/CodeSystem/vn-epi-vaccine'

def immz_json(name):
    with open(os.path.join(IMMZ, name), encoding='utf-8') as f:
        return json.load(f)

def schedules():
    return [immz_json(name) for name in immz_json('index.json')['schedules']]

def parse_period(iso):
    """ISO 8601 period as (months, days), the way java.time.Period adds it (weeks are 7 days)."""
    if not iso:
        return None
    m = re.fullmatch(r'P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?', iso)
    y, mo, w, d = (int(g) if g else 0 for g in m.groups())
    return (y * 12 + mo, w * 7 + d)

def period_key(p):
    # order of periods as added to 2000-01-01 (as ProductDoseRules compares them)
    return p[0] * 31 + p[1]

def cql_plus(expr, p):
    months, days = p
    out = expr
    if months:
        out += f' + {months} months' if months % 12 else f' + {months // 12} years'
    if days or not months:
        out += f' + {days} days'
    return out

def product_dose_rules():
    """product -> [(minimum age, minimum interval or None)], the least restrictive over series and versions."""
    by_product, grace = {}, None
    for schedule in schedules():
        grace = schedule['graceDays'] if grace is None else min(grace, schedule['graceDays'])
        for series in schedule['series']:
            if series['target'] != 'child':
                continue
            seen = {}
            for rule in sorted(series['doses'], key=lambda r: r['dose']):
                for product in rule.get('vaccines') or []:
                    k = seen[product] = seen.get(product, 0) + 1
                    candidate = (parse_period(rule['minimumAge']), parse_period(rule.get('minimumInterval')) if k > 1 else None)
                    old = by_product.setdefault(product, {}).get(k)
                    if old is not None:
                        age = min(old[0], candidate[0], key=period_key)
                        interval = None if old[1] is None or candidate[1] is None else min(old[1], candidate[1], key=period_key)
                        candidate = (age, interval)
                    by_product[product][k] = candidate
    rules = {}
    for product, by_k in by_product.items():
        chain, k = [], 1
        while k in by_k:
            chain.append(by_k[k])
            k += 1
        rules[product] = chain
    return rules, grace

def valid_dose_defines(products):
    """CQL: per product, its dose days and the chain of valid doses (dose k = first day meeting rule k after dose k-1)."""
    rules, grace = product_dose_rules()
    out = ['// ---- valid doses per vaccine product (vn.eccd.fhir.immunization.ProductDoseRules): completed, dated, on or',
           '// after the birth date, one per day; valid dose k is the first day meeting the k-th rule (minimum age; minimum',
           f'// interval after valid dose k-1; both less the {grace}-day grace); later doses of a complete series are extra ----']
    for product in products:
        out.append(f'define "Days {product}":')
        out.append('  (distinct ([Immunization] I')
        out.append("    where I.status.value = 'completed'")
        out.append(f"      and First(I.vaccineCode.coding C where C.system.value = '{CS_VACCINE}' and C.code.value is not null).code.value = '{product}'")
        out.append('    return date from (I.occurrence as FHIR.dateTime).value)) D')
        out.append('  where D is not null and D >= "Birth Date"')
        out.append('')
        names = []
        for k, (age, interval) in enumerate(rules[product], start=1):
            conditions = []
            if k > 1:
                conditions.append(f'D > "Valid {product} {k - 1}"')
            conditions.append('D >= ' + cql_plus('"Birth Date"', age) + f' - {grace} days')
            if k > 1 and interval is not None:
                conditions.append('D >= ' + cql_plus(f'"Valid {product} {k - 1}"', interval) + f' - {grace} days')
            out.append(f'define "Valid {product} {k}": Min("Days {product}" D where ' + ' and '.join(conditions) + ')')
            out.append('')
            names.append(f'Valid {product} {k}')
        out.append(f'define "Valid Days {product}":')
        out.append('  ({ ' + ', '.join(f'"{n}"' for n in names) + ' }) V where V is not null')
        out.append('')
    return '\n'.join(out)

def valid_days_expression(products):
    return ' union '.join(f'"Valid Days {p}"' for p in products)

EXCLUSION_DIED = """// ---- exclusion: died before the cohort date (deceased without a date counts as before: survival unknown) ----
define "Died Before Cohort Date":
  (Patient.deceased as FHIR.boolean).value is true
    or (date from (Patient.deceased as FHIR.dateTime).value) < "Cohort Date"

define "Denominator Exclusion": "Died Before Cohort Date"
"""

EXCLUSION_NONE = """// ---- exclusion: none (live births: a child who died later was still born in the period) ----
define "Denominator Exclusion": false
"""

def province_function():
    rows = [r for r in csv.DictReader(open(CSV, encoding='utf-8')) if r['level'] == 'commune']
    rows.sort(key=lambda r: int(r['code']))
    runs = []
    for r in rows:
        if runs and runs[-1][0] == r['parent_code']:
            runs[-1][2] = int(r['code'])
        else:
            runs.append([r['parent_code'], int(r['code']), int(r['code'])])
    lines = ['define function "Province Of"(commune String):',
             '  // generated from vn-admin-units-2025.csv: commune code ranges of each province (list of 2025)',
             '  if commune is null then null']
    lines.append('  else "Province Of Code"(ToInteger(commune))')
    lines.append('')
    lines.append('define function "Province Of Code"(code Integer):')
    lines.append('  case')
    for prov, lo, hi in runs:
        lines.append(f"    when code >= {lo} and code <= {hi} then '{prov}'")
    lines.append('    else null')
    lines.append('  end')
    return '\n'.join(lines)

COMMON = '''
// ---- who, where (the same rules as the flattened table eccd_flat_patient, docs/flat-tables.md) ----
define "Birth Date": Patient.birthDate.value

define "Sex": Patient.gender.value

define "Ethnicity":
  First(Patient.extension E
    where E.url = 'https://fhir.eccd.vn/StructureDefinition/ethnicity'
      and (E.value as FHIR.Coding).system.value = 'https://fhir.eccd.vn/CodeSystem/vn-ethnicity'
    return (E.value as FHIR.Coding).code.value)

// home (or use not given) addresses in order; in each, the codes of the 2025 list
define "Home Commune Codes":
  flatten (Patient.address A
    where A.use is null or A.use.value = 'home'
    return (A.extension E
      where E.url = 'https://fhir.eccd.vn/StructureDefinition/address-admin-unit'
        and (E.value as FHIR.Coding).system.value = 'https://fhir.eccd.vn/CodeSystem/vn-admin-unit-2025'
        and (E.value as FHIR.Coding).code.value is not null
      return (E.value as FHIR.Coding).code.value))

define "Commune": First("Home Commune Codes")

define "Province": "Province Of"("Commune")

// stratum values: a missing value is the stratum 'unknown' (as in the SQL evaluator)
define "Stratum Commune": Coalesce("Commune", 'unknown')

define "Stratum Province": Coalesce("Province", 'unknown')

define "Stratum Sex": Coalesce("Sex", 'unknown')

define "Stratum Ethnicity": Coalesce("Ethnicity", 'unknown')

define "Period Start": date from start of "Measurement Period"

define "Period End": date from end of "Measurement Period"
'''

TEMPLATE = '''library {name} version '{version}'

// {title} / {title_vi}
// Definition in words: docs/measures.md#{id}. The server's SQL evaluator implements the same rule
// (vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule) and is cross-checked against this library.
// Dose validity (minimum age, minimum interval, 4-day grace) is vn.eccd.fhir.immunization.ProductDoseRules,
// generated here from the same schedule data.

using FHIR version '4.0.1'

include FHIRHelpers version '4.0.1' called FHIRHelpers

parameter "Measurement Period" Interval<DateTime>

context Patient
{common}
// ---- cohort ----
define "Cohort Date": "Birth Date" + {years} years

define "Initial Population":
  "Birth Date" is not null
    and "Cohort Date" >= "Period Start" and "Cohort Date" <= "Period End"

define "Denominator": "Initial Population"

{exclusion}
{doses}
define "Dose Limit": {limit}

define "Valid Doses In Window":
  ({valid_days}) D where D < "Dose Limit"

define "Numerator": Count("Valid Doses In Window") >= {min_doses}

{province}
'''

LIMITS = {'first-birthday': '"Birth Date" + 1 year', 'second-birthday': '"Birth Date" + 2 years',
          'day-after-birth': '"Birth Date" + 2 days'}

def stratifier(code, display, expression):
    # a value stratifier is written as one component (criteria directly on the stratifier means a boolean
    # "criteria-based" stratifier to clinical reasoning 4.x)
    concept = {'coding': [{'system': BASE + '/CodeSystem/measure-stratifier', 'code': code, 'display': display}], 'text': code}
    return {'id': code, 'code': concept,
            'component': [{'id': code + '-value', 'code': concept, 'criteria': {'language': 'text/cql-identifier', 'expression': expression}}]}

def population(code, display, expression):
    return {'id': code, 'code': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-population', 'code': code, 'display': display}]},
            'criteria': {'language': 'text/cql-identifier', 'expression': expression}}

# ---- fully immunized and dropout (docs/measures.md; SQL: FullImmunizationRule, ImmunizationDropoutRule) ----
FIC_DEFINITION = 'vn-epi-fic-2018'   # = IndicatorCatalog.FULL_IMMUNIZATION_DEFINITION
EXT_FIC_DEFINITION = BASE + '/StructureDefinition/full-immunization-definition'

def fic_requirements(definition_id):
    """(series, products, [(recommended age, in schedule from)]) from full-immunization.json, as
    vn.eccd.fhir.immunization.FullImmunizationByProduct derives them."""
    definition = next(d for d in immz_json(immz_json('index.json')['fullImmunization'])['definitions'] if d['id'] == definition_id)
    newest = {}
    for schedule in schedules():
        for series in schedule['series']:
            newest[series['id']] = series   # versions in date order: the newest definition of each series wins
    requirements = []
    for req in definition['requirements']:
        series = newest[req['series']]
        recommended = {v for d in series['doses'] for v in (d.get('vaccines') or [])}
        products = sorted(set(series['acceptedVaccines']) & recommended)
        doses = []
        for k in range(1, req['doses'] + 1):
            # the rule of the first version that has dose k: its own start date says from which due date it is required
            rule = next(d for sch in schedules() for ser in sch['series'] if ser['id'] == req['series']
                        for d in ser['doses'] if d['dose'] == k)
            doses.append((parse_period(rule['recommendedAge']), rule.get('effectiveFrom')))
        requirements.append((req['series'], products, doses))
    return definition, requirements

def required_count_cql(doses):
    """Doses required: a dose not yet in the schedule when it was due (birth + recommended age < its start) is not."""
    fixed = sum(1 for _, since in doses if not since)
    parts = [str(fixed)] if fixed else []
    for age, since in doses:
        if since:
            parts.append('(if ' + cql_plus('"Birth Date"', age) + f' >= @{since} then 1 else 0)')
    return ' + '.join(parts) if parts else '0'

FIC_TEMPLATE = '''library {name} version '{version}'

// {title} / {title_vi}
// Definition in words: docs/measures.md#{id}. Full-immunization definition {fic_id} version {fic_version}
// (terminology/.../immunization/full-immunization.json) restated over vaccine products as
// vn.eccd.fhir.immunization.FullImmunizationByProduct does; the SQL evaluator (FullImmunizationRule) is
// cross-checked against this library.

using FHIR version '4.0.1'

include FHIRHelpers version '4.0.1' called FHIRHelpers

parameter "Measurement Period" Interval<DateTime>

context Patient
{common}
// ---- cohort: first birthday in the period ----
define "Cohort Date": "Birth Date" + 1 years

define "Initial Population":
  "Birth Date" is not null
    and "Cohort Date" >= "Period Start" and "Cohort Date" <= "Period End"

define "Denominator": "Initial Population"

{exclusion}
{doses}
define "Dose Limit": "Birth Date" + 1 year

{requirements}
define "Numerator":
  {numerator}

{province}
'''

DROPOUT_TEMPLATE = '''library {name} version '{version}'

// {title} / {title_vi}
// Definition in words: docs/measures.md#{id}. The SQL evaluator (ImmunizationDropoutRule) is cross-checked
// against this library.

using FHIR version '4.0.1'

include FHIRHelpers version '4.0.1' called FHIRHelpers

parameter "Measurement Period" Interval<DateTime>

context Patient
{common}
// ---- cohort: first birthday in the period ----
define "Cohort Date": "Birth Date" + 1 years

define "Initial Population":
  "Birth Date" is not null
    and "Cohort Date" >= "Period Start" and "Cohort Date" <= "Period End"

{exclusion}
{doses}
define "Dose Limit": "Birth Date" + 1 year

define "Valid Doses In Window":
  ({valid_days}) D where D < "Dose Limit"

// started the series: at least {started} valid dose(s) before the first birthday
define "Denominator": "Initial Population" and Count("Valid Doses In Window") >= {started}

// dropped out: started, but fewer than {completed} valid doses before the first birthday
define "Numerator": "Denominator" and Count("Valid Doses In Window") < {completed}

{province}
'''

def write_indicator(mid, lib_name, cql, products, title, title_vi, improvement='increase', extensions=None, description=None):
    library = {
        'resourceType': 'Library', 'id': lib_name, 'url': f'{BASE}/Library/{lib_name}', 'version': VERSION, 'name': lib_name,
        'title': title, 'status': 'active', 'experimental': False, 'date': DATE, 'publisher': 'ECCD FHIR project',
        'type': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/library-type', 'code': 'logic-library'}]},
        'parameter': [{'name': 'Measurement Period', 'use': 'in', 'min': 0, 'max': '1', 'type': 'Period'}],
        'dataRequirement': [{'type': 'Patient'}, {'type': 'Immunization', 'codeFilter': [{'path': 'vaccineCode', 'code': [{'system': CS_VACCINE, 'code': v} for v in products]}]}],
        'content': [{'contentType': 'text/cql', 'data': base64.b64encode(cql.encode('utf-8')).decode('ascii')}],
    }
    measure = {'resourceType': 'Measure', 'id': mid}
    if extensions:
        measure['extension'] = extensions
    measure.update({
        'url': f'{BASE}/Measure/{mid}', 'version': VERSION, 'name': lib_name[len('Eccd'):], 'title': title,
        '_title': {'extension': [{'url': 'http://hl7.org/fhir/StructureDefinition/translation', 'extension': [
            {'url': 'lang', 'valueCode': 'vi'}, {'url': 'content', 'valueString': title_vi}]}]},
        'status': 'active', 'experimental': False, 'date': DATE, 'publisher': 'ECCD FHIR project',
        'description': description or f'{title}. Definition in words: docs/measures.md ({mid}).',
        'library': [f'{BASE}/Library/{lib_name}|{VERSION}'],
        'scoring': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-scoring', 'code': 'proportion'}]},
        'type': [{'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-type', 'code': 'process'}]}],
        'improvementNotation': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation', 'code': improvement}]},
        'group': [{'id': 'group-1', 'population': [
            population('initial-population', 'Initial Population', 'Initial Population'),
            population('denominator', 'Denominator', 'Denominator'),
            population('denominator-exclusion', 'Denominator Exclusion', 'Denominator Exclusion'),
            population('numerator', 'Numerator', 'Numerator')],
            'stratifier': [stratifier('commune', 'Residence commune (2025 NSO code)', 'Stratum Commune'),
                           stratifier('province', 'Province (2025 NSO code)', 'Stratum Province'),
                           stratifier('sex', 'Sex', 'Stratum Sex'),
                           stratifier('ethnicity', 'Ethnicity (GSO code)', 'Stratum Ethnicity')]}],
    })
    with open(os.path.join(HERE, lib_name + '.cql'), 'w', encoding='utf-8') as f:
        f.write(cql)
    for kind, res in (('Library', library), ('Measure', measure)):
        with open(os.path.join(FHIR, f'{kind}-{res["id"]}.json'), 'w', encoding='utf-8') as f:
            json.dump(res, f, ensure_ascii=False, indent=2)
            f.write('\n')

def write_immunization_status_indicators(province):
    # fully immunized before the first birthday
    definition, requirements = fic_requirements(FIC_DEFINITION)
    products = sorted({p for _, ps, _ in requirements for p in ps})
    lines, names = [], []
    for series, ps, doses in requirements:
        lines.append(f'// series {series}: {len(doses)} valid dose(s) of {" or ".join(ps)} before the first birthday')
        lines.append(f'define "Requirement {series}":')
        lines.append(f'  Count(({valid_days_expression(ps)}) D where D < "Dose Limit") >= {required_count_cql(doses)}')
        lines.append('')
        names.append(f'Requirement {series}')
    mid, lib = 'imm-fully-immunized', 'EccdImmFullyImmunized'
    title = 'Fully immunized before the first birthday'
    title_vi = 'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ'
    cql = FIC_TEMPLATE.format(name=lib, version=VERSION, title=title, title_vi=title_vi, id=mid, common=COMMON,
                              fic_id=definition['id'], fic_version=definition['version'], exclusion=EXCLUSION_DIED,
                              doses=valid_dose_defines(products), requirements='\n'.join(lines),
                              numerator='\n    and '.join(f'"{n}"' for n in names), province=province)
    fic = f"{definition['id']}|{definition['version']}"
    write_indicator(mid, lib, cql, products, title, title_vi,
                    extensions=[{'url': EXT_FIC_DEFINITION, 'valueString': fic}],
                    description=f'{title}: valid doses of every requirement of the full-immunization definition {fic} '
                                f'({definition["title"]}) before the first birthday. Definition in words: docs/measures.md ({mid}).')

    # dropout DTP1 -> DTP3
    mid, lib = 'imm-dropout-dtp1-dtp3', 'EccdImmDropoutDTP1DTP3'
    title = 'Dropout DTP1 to DTP3 (DTP-HepB-Hib) by the first birthday'
    title_vi = 'Tỷ lệ bỏ mũi DPT-VGB-Hib 1 → DPT-VGB-Hib 3 trước 1 tuổi'
    products = ['dtp-hepb-hib']
    cql = DROPOUT_TEMPLATE.format(name=lib, version=VERSION, title=title, title_vi=title_vi, id=mid, common=COMMON,
                                  exclusion=EXCLUSION_DIED, doses=valid_dose_defines(products),
                                  valid_days=valid_days_expression(products), started=1, completed=3, province=province)
    write_indicator(mid, lib, cql, products, title, title_vi, improvement='decrease')

def main():
    province = province_function()
    for (mid, name, years, vaccines, min_doses, limit, title, title_vi, who) in INDICATORS:
        lib_name = 'Eccd' + name
        cql = TEMPLATE.format(name=lib_name, version=VERSION, title=title, title_vi=title_vi, id=mid, common=COMMON,
                              years=years, exclusion=EXCLUSION_DIED if years else EXCLUSION_NONE,
                              doses=valid_dose_defines(vaccines), valid_days=valid_days_expression(vaccines),
                              limit=LIMITS[limit], min_doses=min_doses, province=province)
        with open(os.path.join(HERE, lib_name + '.cql'), 'w', encoding='utf-8') as f:
            f.write(cql)
        library = {
            'resourceType': 'Library', 'id': lib_name, 'url': f'{BASE}/Library/{lib_name}', 'version': VERSION, 'name': lib_name,
            'title': title, 'status': 'active', 'experimental': False, 'date': DATE, 'publisher': 'ECCD FHIR project',
            'type': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/library-type', 'code': 'logic-library'}]},
            'parameter': [{'name': 'Measurement Period', 'use': 'in', 'min': 0, 'max': '1', 'type': 'Period'}],
            'dataRequirement': [{'type': 'Patient'}, {'type': 'Immunization', 'codeFilter': [{'path': 'vaccineCode', 'code': [{'system': BASE + '/CodeSystem/vn-epi-vaccine', 'code': v} for v in vaccines]}]}],
            'content': [{'contentType': 'text/cql', 'data': base64.b64encode(cql.encode('utf-8')).decode('ascii')}],
        }
        measure = {
            'resourceType': 'Measure', 'id': mid, 'url': f'{BASE}/Measure/{mid}', 'version': VERSION, 'name': name,
            'title': title,
            '_title': {'extension': [{'url': 'http://hl7.org/fhir/StructureDefinition/translation', 'extension': [
                {'url': 'lang', 'valueCode': 'vi'}, {'url': 'content', 'valueString': title_vi}]}]},
            'status': 'active', 'experimental': False, 'date': DATE, 'publisher': 'ECCD FHIR project',
            'description': f'{title}. Definition in words: docs/measures.md ({mid}).',
            'library': [f'{BASE}/Library/{lib_name}|{VERSION}'],
            'scoring': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-scoring', 'code': 'proportion'}]},
            'type': [{'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-type', 'code': 'process'}]}],
            'improvementNotation': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation', 'code': 'increase'}]},
            'group': [{'id': 'group-1', 'population': [
                population('initial-population', 'Initial Population', 'Initial Population'),
                population('denominator', 'Denominator', 'Denominator'),
                population('denominator-exclusion', 'Denominator Exclusion', 'Denominator Exclusion'),
                population('numerator', 'Numerator', 'Numerator')],
                'stratifier': [stratifier('commune', 'Residence commune (2025 NSO code)', 'Stratum Commune'),
                               stratifier('province', 'Province (2025 NSO code)', 'Stratum Province'),
                               stratifier('sex', 'Sex', 'Stratum Sex'),
                               stratifier('ethnicity', 'Ethnicity (GSO code)', 'Stratum Ethnicity')]}],
        }
        if who:
            measure['identifier'] = [{'system': 'http://smart.who.int/immunizations/Measure', 'value': who}]
        for kind, res in (('Library', library), ('Measure', measure)):
            with open(os.path.join(FHIR, f'{kind}-{res["id"]}.json'), 'w', encoding='utf-8') as f:
                json.dump(res, f, ensure_ascii=False, indent=2)
                f.write('\n')

# ---------------------------------------------------------------------------------------------------------------
# Nutrition indicators (docs/measures.md#nutrition). The SQL evaluator implements the same rules in
# vn.eccd.fhir.measure.indicator.NutritionStatusRule / GrowthMonitoringRule (IndicatorCatalog), over the view
# eccd_flat_growth_visit; the expressions below are the Java rule's "assessable" and "present" predicates on a
# visit V (a Tuple of "Visits"; z-scores are null when absent or flagged implausible by WHO).

# id, CQL name, (from, to) completed months on the visit date, assessable(V), present(V), titles
NUTRITION_STATUS = [
  ('nut-underweight', 'NutUnderweight', (0, 59), 'V.oedema or V.waz is not null', 'V.oedema or V.waz < -2',
   'Underweight among children under 5 (weight-for-age < -2 SD)', 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân (cân nặng/tuổi < -2 SD)'),
  ('nut-stunting', 'NutStunting', (0, 59), 'V.haz is not null', 'V.haz < -2',
   'Stunting among children under 5 (length/height-for-age < -2 SD)', 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi (chiều cao/tuổi < -2 SD)'),
  ('nut-wasting', 'NutWasting', (0, 59), 'V.oedema or V.whz is not null', 'V.oedema or V.whz < -2',
   'Wasting among children under 5 (weight-for-length/height < -2 SD)', 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể gầy còm (cân nặng/chiều cao < -2 SD)'),
  ('nut-wasting-moderate', 'NutWastingModerate', (0, 59), 'V.oedema or V.whz is not null', 'not V.oedema and V.whz < -2 and V.whz >= -3',
   'Moderate wasting among children under 5 (-3 <= WHZ < -2 SD)', 'Tỷ lệ trẻ em dưới 5 tuổi gầy còm mức độ vừa (-3 SD <= cân nặng/chiều cao < -2 SD)'),
  ('nut-wasting-severe', 'NutWastingSevere', (0, 59), 'V.oedema or V.whz is not null', 'V.oedema or V.whz < -3',
   'Severe wasting among children under 5 (WHZ < -3 SD or oedema)', 'Tỷ lệ trẻ em dưới 5 tuổi gầy còm mức độ nặng (cân nặng/chiều cao < -3 SD hoặc phù)'),
  ('nut-sam', 'NutSAM', (0, 59), 'V.oedema or V.whz is not null or (V.muac is not null and V.ageMonths >= 6)',
   'V.oedema or V.whz < -3 or (V.ageMonths >= 6 and V.muac < 11.5)',
   'Severe acute malnutrition among children under 5 (WHZ < -3 SD, MUAC < 11.5 cm or bilateral oedema)',
   'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng cấp tính nặng (cân nặng/chiều cao < -3 SD, vòng cánh tay < 11,5 cm hoặc phù hai bên)'),
  ('nut-overweight', 'NutOverweight', (0, 59), 'V.whz is not null', 'V.whz > 2',
   'Overweight (incl. obesity) among children under 5 (WHZ > +2 SD)', 'Tỷ lệ trẻ em dưới 5 tuổi thừa cân béo phì (cân nặng/chiều cao > +2 SD)'),
  ('nut-obesity', 'NutObesity', (0, 59), 'V.whz is not null', 'V.whz > 3',
   'Obesity among children under 5 (WHZ > +3 SD)', 'Tỷ lệ trẻ em dưới 5 tuổi béo phì (cân nặng/chiều cao > +3 SD)'),
  ('nut-malnourished-any', 'NutMalnourishedAny', (0, 59), 'V.oedema or V.waz is not null or V.haz is not null or V.whz is not null',
   'V.oedema or V.waz < -2 or V.haz < -2 or V.whz < -2',
   'Children under 5 malnourished in at least one form (underweight, stunting or wasting)',
   'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng (ít nhất một trong ba thể: nhẹ cân, thấp còi, gầy còm)'),
  ('nut-stunting-5-8y', 'NutStunting5to8', (60, 107), 'V.haz is not null', 'V.haz < -2',
   'Stunting among children 5-8 years (height-for-age < -2 SD, WHO 2007)', 'Tỷ lệ trẻ em 5-8 tuổi thấp còi (chiều cao/tuổi < -2 SD, WHO 2007)'),
  ('nut-thinness-5-8y', 'NutThinness5to8', (60, 107), 'V.oedema or V.baz is not null', 'V.oedema or V.baz < -2',
   'Thinness among children 5-8 years (BMI-for-age < -2 SD, WHO 2007)', 'Tỷ lệ trẻ em 5-8 tuổi gầy (BMI/tuổi < -2 SD, WHO 2007)'),
  ('nut-overweight-5-8y', 'NutOverweight5to8', (60, 107), 'V.baz is not null', 'V.baz > 1',
   'Overweight (incl. obesity) among children 5-8 years (BMI-for-age > +1 SD, WHO 2007)', 'Tỷ lệ trẻ em 5-8 tuổi thừa cân béo phì (BMI/tuổi > +1 SD, WHO 2007)'),
  ('nut-obesity-5-8y', 'NutObesity5to8', (60, 107), 'V.baz is not null', 'V.baz > 2',
   'Obesity among children 5-8 years (BMI-for-age > +2 SD, WHO 2007)', 'Tỷ lệ trẻ em 5-8 tuổi béo phì (BMI/tuổi > +2 SD, WHO 2007)'),
]

# id, CQL name, (from, to) completed months at period end, numerator, titles
GROWTH_MONITORING = [
  ('nut-gm-under2-quarter', 'NutGMUnder2Quarter', (0, 23),
   'Count("Measured Dates" D return "Quarter Key"(D)) = "Quarter Key"("Period End") - "Quarter Key"(Max({"Period Start", "Birth Date"})) + 1',
   'Growth monitoring: children under 2 weighed or measured in every quarter', 'Tỷ lệ trẻ em dưới 2 tuổi được theo dõi tăng trưởng (cân/đo) hằng quý'),
  ('nut-gm-under5-twice', 'NutGMUnder5Twice', (6, 59),
   'Max("Measured Dates") >= Min("Measured Dates") + 3 months',
   'Growth monitoring: children under 5 weighed or measured at least twice in the year', 'Tỷ lệ trẻ em dưới 5 tuổi được cân/đo ít nhất 2 lần trong năm'),
]

GROWTH_COMMON = """
// ---- visits: the same rules as the view eccd_flat_growth_visit (docs/flat-tables.md) ----
define "GI": 'https://fhir.eccd.vn/CodeSystem/growth-indicator'

define "Usable Observations":
  [Observation] O where O.status.value in {'preliminary', 'final', 'amended', 'corrected'}

// the calendar date of effective[x] (dateTime, Period.start or instant)
define function "Date Of"(O FHIR.Observation):
  Coalesce(date from (O.effective as FHIR.dateTime).value, date from (O.effective as FHIR.Period).start.value,
    date from (O.effective as FHIR.instant).value)

define function "Has Code"(O FHIR.Observation, system String, code String):
  exists (O.code.coding C where C.system.value = system and C.code.value = code)

define function "Cm"(Q FHIR.Quantity):
  case Lower(Coalesce(Q.code.value, Q.unit.value))
    when 'cm' then Q.value.value
    when 'mm' then Q.value.value / 10.0
    when 'm' then Q.value.value * 100.0
    else null
  end

// Every dated Observation read once, into a Tuple of what the rules below use: reading FHIR elements is what costs
// in a CQL engine, and a define is evaluated once per child where a function is evaluated at every call.
// indicators: its z-score indicators (CodeSystem growth-indicator: derived by the server, one per visit and indicator)
define "Growth Facts":
  "Usable Observations" O
    let D: "Date Of"(O)
    where D is not null
    return all Tuple {
      date: D,
      indicators: O.code.coding C
        where C.system.value = "GI"
          and C.code.value in {'weight-for-age', 'length-height-for-age', 'weight-for-length-height', 'bmi-for-age',
            'head-circumference-for-age', 'muac-for-age'}
        return C.code.value,
      isMuac: "Has Code"(O, 'http://loinc.org', '56072-2'),
      isOedema: "Has Code"(O, 'http://snomed.info/sct', '267038008'),
      implausible: exists (O.interpretation I where exists (I.coding C where C.system.value = "GI" and C.code.value = 'implausible')),
      z: (O.value as FHIR.Quantity).value.value,
      cm: "Cm"(O.value as FHIR.Quantity),
      present: (O.value as FHIR.boolean).value is true
    }

// the days with a z-score, a MUAC measurement or an oedema finding
define "Visit Dates":
  "Growth Facts" F
    where exists F.indicators or F.isMuac or F.isOedema
    return F.date

// a z-score is valid when present and not flagged implausible (WHO); null otherwise
define function "Valid Z"(D Date, indicator String):
  First("Growth Facts" F
    where F.date = D and indicator in F.indicators and not F.implausible
    return F.z)

// one Tuple per visit; MUAC: the smallest of the day's measurements; oedema: recorded as present that day
define "Visits":
  "Visit Dates" D
    return Tuple {
      date: D,
      ageMonths: months between "Birth Date" and D,
      waz: "Valid Z"(D, 'weight-for-age'),
      haz: "Valid Z"(D, 'length-height-for-age'),
      whz: "Valid Z"(D, 'weight-for-length-height'),
      baz: "Valid Z"(D, 'bmi-for-age'),
      muac: Min("Growth Facts" F where F.isMuac and F.date = D return F.cm),
      oedema: exists ("Growth Facts" F where F.isOedema and F.date = D and F.present)
    }

define function "Age Group"(ageMonths Integer):
  case
    when ageMonths is null or ageMonths < 0 then null
    when ageMonths <= 5 then '0-5'
    when ageMonths <= 11 then '6-11'
    when ageMonths <= 23 then '12-23'
    when ageMonths <= 59 then '24-59'
    when ageMonths <= 107 then '60-107'
    else null
  end
"""

NUT_HEADER = """library {name} version '{version}'

// {title} / {title_vi}
// Definition in words: docs/measures.md#{id}. The server's SQL evaluator implements the same rule
// (vn.eccd.fhir.measure.indicator.{rule}) and is cross-checked against this library.

using FHIR version '4.0.1'

include FHIRHelpers version '4.0.1' called FHIRHelpers

parameter "Measurement Period" Interval<DateTime>

context Patient
{common}{growth}"""

STATUS_TEMPLATE = NUT_HEADER + """
// ---- the child's counted visit: the latest in the period, aged {lo}-{hi} completed months, where the form can be assessed ----
define "Assessable Visits":
  "Visits" V
    where V.date >= "Period Start" and V.date <= "Period End" and V.date >= "Birth Date"
      and V.ageMonths >= {lo} and V.ageMonths <= {hi}
      and ({assessable})

define "Counted Visit": Last("Assessable Visits" V sort by date)

define "Initial Population": "Birth Date" is not null and "Counted Visit" is not null

define "Denominator": "Initial Population"

define "Numerator": "Initial Population" and exists (({{ "Counted Visit" }}) V where {present})

// age group at the counted visit
define "Stratum Age Group": Coalesce("Age Group"("Counted Visit".ageMonths), 'unknown')

{province}
"""

MONITORING_TEMPLATE = NUT_HEADER + """
// ---- children {lo}-{hi} completed months at the end of the period ----
define "Age At Period End": months between "Birth Date" and "Period End"

define "Initial Population":
  "Birth Date" is not null and "Birth Date" <= "Period End"
    and "Age At Period End" >= {lo} and "Age At Period End" <= {hi}

define "Denominator": "Initial Population"

// dates in the period with a valid weight-for-age, length/height-for-age or weight-for-length/height
define "Measured Dates":
  "Visits" V
    where V.date >= "Period Start" and V.date <= "Period End" and V.date >= "Birth Date"
      and (V.waz is not null or V.haz is not null or V.whz is not null)
    return V.date

// consecutive calendar quarters have consecutive keys
define function "Quarter Key"(D Date):
  (year from D) * 4 + ((month from D) - 1) div 3

define "Numerator": "Initial Population" and Coalesce({numerator}, false)

// age group at the end of the period
define "Stratum Age Group": Coalesce("Age Group"("Age At Period End"), 'unknown')

{province}
"""

def nutrition_resources(mid, lib_name, cql, title, title_vi, improvement, measure_type):
    library = {
        'resourceType': 'Library', 'id': lib_name, 'url': f'{BASE}/Library/{lib_name}', 'version': VERSION, 'name': lib_name,
        'title': title, 'status': 'active', 'experimental': False, 'date': DATE, 'publisher': 'ECCD FHIR project',
        'type': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/library-type', 'code': 'logic-library'}]},
        'parameter': [{'name': 'Measurement Period', 'use': 'in', 'min': 0, 'max': '1', 'type': 'Period'}],
        'dataRequirement': [{'type': 'Patient'}, {'type': 'Observation', 'codeFilter': [{'path': 'code', 'code': [
            {'system': BASE + '/CodeSystem/growth-indicator', 'code': c} for c in
            ('weight-for-age', 'length-height-for-age', 'weight-for-length-height', 'bmi-for-age')] + [
            {'system': 'http://loinc.org', 'code': '56072-2'}, {'system': 'http://snomed.info/sct', 'code': '267038008'}]}]}],
        'content': [{'contentType': 'text/cql', 'data': base64.b64encode(cql.encode('utf-8')).decode('ascii')}],
    }
    measure = {
        'resourceType': 'Measure', 'id': mid, 'url': f'{BASE}/Measure/{mid}', 'version': VERSION, 'name': lib_name[4:],
        'title': title,
        '_title': {'extension': [{'url': 'http://hl7.org/fhir/StructureDefinition/translation', 'extension': [
            {'url': 'lang', 'valueCode': 'vi'}, {'url': 'content', 'valueString': title_vi}]}]},
        'status': 'active', 'experimental': False, 'date': DATE, 'publisher': 'ECCD FHIR project',
        'description': f'{title}. Definition in words: docs/measures.md ({mid}).',
        'library': [f'{BASE}/Library/{lib_name}|{VERSION}'],
        'scoring': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-scoring', 'code': 'proportion'}]},
        'type': [{'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-type', 'code': measure_type}]}],
        'improvementNotation': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation', 'code': improvement}]},
        'group': [{'id': 'group-1', 'population': [
            population('initial-population', 'Initial Population', 'Initial Population'),
            population('denominator', 'Denominator', 'Denominator'),
            population('numerator', 'Numerator', 'Numerator')],
            'stratifier': [stratifier('commune', 'Residence commune (2025 NSO code)', 'Stratum Commune'),
                           stratifier('province', 'Province (2025 NSO code)', 'Stratum Province'),
                           stratifier('sex', 'Sex', 'Stratum Sex'),
                           stratifier('ethnicity', 'Ethnicity (GSO code)', 'Stratum Ethnicity'),
                           stratifier('age-group', 'Age group (completed months)', 'Stratum Age Group')]}],
    }
    return library, measure

def nutrition_main():
    province = province_function()
    out = []
    for (mid, name, (lo, hi), assessable, present, title, title_vi) in NUTRITION_STATUS:
        lib_name = 'Eccd' + name
        cql = STATUS_TEMPLATE.format(name=lib_name, version=VERSION, title=title, title_vi=title_vi, id=mid,
                                     rule='NutritionStatusRule', common=COMMON, growth=GROWTH_COMMON, lo=lo, hi=hi,
                                     assessable=assessable, present=present, province=province)
        out.append((mid, lib_name, cql) + nutrition_resources(mid, lib_name, cql, title, title_vi, 'decrease', 'outcome'))
    for (mid, name, (lo, hi), numerator, title, title_vi) in GROWTH_MONITORING:
        lib_name = 'Eccd' + name
        cql = MONITORING_TEMPLATE.format(name=lib_name, version=VERSION, title=title, title_vi=title_vi, id=mid,
                                         rule='GrowthMonitoringRule', common=COMMON, growth=GROWTH_COMMON, lo=lo, hi=hi,
                                         numerator=numerator, province=province)
        out.append((mid, lib_name, cql) + nutrition_resources(mid, lib_name, cql, title, title_vi, 'increase', 'process'))
    for (mid, lib_name, cql, library, measure) in out:
        with open(os.path.join(HERE, lib_name + '.cql'), 'w', encoding='utf-8') as f:
            f.write(cql)
        for kind, res in (('Library', library), ('Measure', measure)):
            with open(os.path.join(FHIR, f'{kind}-{res["id"]}.json'), 'w', encoding='utf-8') as f:
                json.dump(res, f, ensure_ascii=False, indent=2)
                f.write('\n')

if __name__ == '__main__':
    main()
    write_immunization_status_indicators(province_function())
    nutrition_main()
