#!/usr/bin/env python3
"""Generates the indicator Measures and their CQL Libraries of the IG (profiles/src/main/fhir/Measure-*.json,
Library-*.json) from the CQL sources in this folder and the indicator table below, so the CQL text in a Library
is always the file next to this script. The province of a commune comes from the administrative-unit list
(terminology/.../admin-units/vn-admin-units-2025.csv) as code ranges, so CQL needs no terminology lookup.
Run: python3 profiles/src/main/cql/generate_measures.py   (then commit the changed JSON)."""
import base64, csv, json, os

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

// ---- doses: completed, of the counted vaccine products (CodeSystem vn-epi-vaccine), one per day ----
define "Counted Vaccines": {vaccines}

define "Dose Days":
  distinct ([Immunization] I
    where I.status.value = 'completed'
      and exists (I.vaccineCode.coding C
        where C.system.value = 'https://fhir.eccd.vn/CodeSystem/vn-epi-vaccine' and C.code.value in "Counted Vaccines")
    return date from (I.occurrence as FHIR.dateTime).value)

define "Dose Limit": {limit}

define "Doses In Window":
  "Dose Days" D where D is not null and D >= "Birth Date" and D < "Dose Limit"

define "Numerator": Count("Doses In Window") >= {min_doses}

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

def main():
    province = province_function()
    for (mid, name, years, vaccines, min_doses, limit, title, title_vi, who) in INDICATORS:
        lib_name = 'Eccd' + name
        cql = TEMPLATE.format(name=lib_name, version=VERSION, title=title, title_vi=title_vi, id=mid, common=COMMON,
                              years=years, vaccines='{' + ', '.join(f"'{v}'" for v in vaccines) + '}',
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

if __name__ == '__main__':
    main()
