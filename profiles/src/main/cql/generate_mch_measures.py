#!/usr/bin/env python3
"""Generates the pregnancy and newborn, and the development and care, indicator Measures and their CQL Libraries
(profiles/src/main/fhir/Measure-*.json, Library-EccdMch*.json / Library-EccdDev*.json, and the .cql files next to
this script), with the stratifiers and the province function of generate_measures.py. The SQL evaluator implements
the same rules (vn.eccd.fhir.measure.indicator.MaternalCareRule, InfantFeedingRule, DevelopmentCareRule);
docs/measures.md says them in words.
Run: python3 profiles/src/main/cql/generate_mch_measures.py   (then commit the changed JSON and CQL)."""
import base64, json, os
import generate_measures as g

HEADER = '''library {name} version '{version}'

// {title} / {title_vi}
// Definition in words: docs/measures.md#{id}. The server's SQL evaluator implements the same rule
// (vn.eccd.fhir.measure.indicator.{rule}) and is cross-checked against this library.

using FHIR version '4.0.1'

include FHIRHelpers version '4.0.1' called FHIRHelpers

parameter "Measurement Period" Interval<DateTime>

context Patient
{common}'''

# The woman's deliveries, ANC and postnatal contacts (the same rules as eccd_flat_maternal_encounter).
WOMAN = '''
// ---- the woman's encounters (the same rules as eccd_flat_maternal_encounter, docs/flat-tables.md) ----
// an encounter's kind is its first eccd-encounter-type code among anc-contact, delivery, pnc-contact
define function "Encounter Kind"(E FHIR.Encounter):
  First(flatten (E.type T return (T.coding C
    where C.system.value = 'https://fhir.eccd.vn/CodeSystem/eccd-encounter-type'
      and C.code.value in {'anc-contact', 'delivery', 'pnc-contact'}
    return C.code.value)))

// the calendar date of period.start as written
define function "Encounter Date"(E FHIR.Encounter):
  date from E.period."start".value

// a contact that took place (or is taking place): planned, cancelled and entered-in-error ones never count
define function "Encounters"(kind String):
  [Encounter] E
    where "Encounter Kind"(E) = kind
      and E.status.value in {'in-progress', 'finished'}
      and E.period."start".value is not null

// ---- cohort: women with a delivery in the period; the case is the latest one ----
define "Deliveries In Period":
  ("Encounters"('delivery')) D
    where "Encounter Date"(D) >= "Period Start" and "Encounter Date"(D) <= "Period End"

define "Delivery Date": Max("Deliveries In Period" D return "Encounter Date"(D))

define "Initial Population": "Delivery Date" is not null

define "Denominator": "Initial Population"

// the pregnancy: the 44 weeks up to the delivery
define "Pregnancy Start": "Delivery Date" - 308 days

define "ANC Contacts":
  ("Encounters"('anc-contact')) E
    where "Encounter Date"(E) >= "Pregnancy Start" and "Encounter Date"(E) <= "Delivery Date"
'''

CHILD = '''
// ---- feeding records (the same rules as eccd_flat_breastfeeding, docs/flat-tables.md) ----
define function "Feeding Records"(kind String):
  [Observation] O
    where O.status.value in {'final', 'amended', 'corrected'}
      and First(O.code.coding C
        where C.system.value = 'https://fhir.eccd.vn/CodeSystem/eccd-observation'
          and C.code.value in {'early-breastfeeding', 'breastfeeding-status'}
        return C.code.value) = kind

// effective[x] as a calendar date: dateTime or instant as written, or the start of a Period
define function "Observation Date"(O FHIR.Observation):
  Coalesce(date from (O.effective as FHIR.dateTime).value, date from (O.effective as FHIR.instant).value,
    date from (O.effective as FHIR.Period)."start".value)
'''

NUMERATORS = {
  'anc-4-contacts': '''
// ---- at least 4 contacts (distinct days) ----
define "Numerator": Count(distinct ("ANC Contacts" E return "Encounter Date"(E))) >= 4
''',
  'anc-first-trimester': '''
// ---- first contact at 0 to 13 weeks + 6 days (97 days) of gestation ----
define "First Contact Date": Min("ANC Contacts" E return "Encounter Date"(E))

// pregnancies (EpisodeOfCare, eccd_flat_pregnancy) dated by their LMP, else EDD - 280 days
define "Pregnancies":
  [EpisodeOfCare] P
    where exists (P.type T where exists (T.coding C
      where C.system.value = 'https://fhir.eccd.vn/CodeSystem/eccd-encounter-type' and C.code.value = 'pregnancy'))

define function "Extension Date"(P FHIR.EpisodeOfCare, url String):
  First(P.extension X where X.url = url and X.value is FHIR.date and (X.value as FHIR.date).value is not null
    return (X.value as FHIR.date).value)

define function "Gestation Start"(P FHIR.EpisodeOfCare):
  Coalesce("Extension Date"(P, 'https://fhir.eccd.vn/StructureDefinition/pregnancy-lmp'),
    "Extension Date"(P, 'https://fhir.eccd.vn/StructureDefinition/pregnancy-edd') - 280 days)

// the pregnancy a contact belongs to: the id part of its first episodeOfCare reference
define function "Episode Id"(E FHIR.Encounter):
  Last(Split(First(E.episodeOfCare).reference.value, '/'))

define "First Contact Gestational Ages":
  from "ANC Contacts" E, "Pregnancies" P
    where "Encounter Date"(E) = "First Contact Date"
      and P.id = "Episode Id"(E)
      and "Gestation Start"(P) is not null
    return all difference in days between "Gestation Start"(P) and "Encounter Date"(E)

define "Numerator": exists ("First Contact Gestational Ages" G where G >= 0 and G <= 97)
''',
  'anc-tetanus-protected': None,  # generated from the immunization schedules by tetanus_numerator()
  'anc-iron-folic': '''
// ---- iron-folic acid given during the pregnancy (MedicationAdministration, eccd_flat_supplementation) ----
define "Iron Folic Acid Given":
  [MedicationAdministration] M
    let D: Coalesce(date from (M.effective as FHIR.dateTime).value, date from (M.effective as FHIR.Period)."start".value)
    where M.status.value = 'completed'
      and First(((M.medication as FHIR.CodeableConcept).coding) C
        where C.system.value = 'https://fhir.eccd.vn/CodeSystem/eccd-supplement' and C.code.value is not null
        return C.code.value) = 'iron-folic-acid'
      and D >= "Pregnancy Start" and D <= "Delivery Date"

define "Numerator": exists "Iron Folic Acid Given"
''',
  'birth-skilled-attendant': '''
// ---- a skilled birth attendant (doctor, midwife, nurse, assistant physician) at the delivery ----
define "Numerator":
  exists ("Deliveries In Period" D
    where "Encounter Date"(D) = "Delivery Date"
      and exists (D.participant P where exists (P.type T where exists (T.coding C
        where C.system.value = 'https://fhir.eccd.vn/CodeSystem/eccd-delivery'
          and C.code.value in {'doctor', 'midwife', 'nurse', 'assistant-physician'}))))
''',
  'pnc-7-days': '''
// ---- a postnatal care contact from the day of delivery to 7 days after it ----
define "Numerator":
  exists (("Encounters"('pnc-contact')) E
    where "Encounter Date"(E) >= "Delivery Date" and "Encounter Date"(E) <= "Delivery Date" + 7 days)
''',
  'nb-early-breastfeeding': '''
// ---- cohort: live births of the period ----
define "Initial Population":
  "Birth Date" is not null and "Birth Date" >= "Period Start" and "Birth Date" <= "Period End"

define "Denominator": "Initial Population"

// ---- an early-breastfeeding record saying yes ----
define "Numerator":
  exists (("Feeding Records"('early-breastfeeding')) O where (O.value as FHIR.boolean).value is true)
''',
  'bf-exclusive-under-6m': '''
// ---- cohort: infants with a breastfeeding-status record in the period taken before 6 months of age ----
define "Status Records":
  ("Feeding Records"('breastfeeding-status')) O
    let D: "Observation Date"(O)
    where D is not null and D >= "Period Start" and D <= "Period End"
      and D >= "Birth Date" and D < "Birth Date" + 6 months

define "Initial Population": "Birth Date" is not null and exists "Status Records"

define "Denominator": "Initial Population"

define "Latest Record Date": Max("Status Records" O return "Observation Date"(O))

define function "Feeding Code"(O FHIR.Observation):
  First(((O.value as FHIR.CodeableConcept).coding) C
    where C.system.value = 'https://fhir.eccd.vn/CodeSystem/eccd-breastfeeding' and C.code.value is not null
    return C.code.value)

// every record of the latest day says exclusive
define "Numerator":
  "Initial Population"
    and not exists ("Status Records" O
      where "Observation Date"(O) = "Latest Record Date" and Coalesce("Feeding Code"(O), '') != 'exclusive')
''',
}

SCHEDULES = os.path.join(g.ROOT, 'terminology', 'src', 'main', 'resources', 'vn', 'eccd', 'terminology', 'immunization')

def cql_quantity(iso):
    """ISO 8601 period of one unit (P1M, P6M, P1Y, P14D) as a CQL quantity."""
    number, unit = int(iso[1:-1]), {'D': 'day', 'W': 'week', 'M': 'month', 'Y': 'year'}[iso[-1]]
    return f"{number} {unit}{'s' if number != 1 else ''}"

def tetanus_numerator():
    """The immunization capability's maternal tetanus status (ImmunizationEngine#maternalTetanusProtection) in CQL,
    from the schedule files it reads: the dose chain is unrolled (dose n = the first dose at least the minimum
    interval, less the grace days, after dose n-1), as the engine's loop over the sorted doses does."""
    rules = set()
    for name in sorted(os.listdir(SCHEDULES)):
        if name.startswith('schedule-') and name.endswith('.json'):
            d = json.load(open(os.path.join(SCHEDULES, name), encoding='utf-8'))
            series = [x for x in d['series'] if x['id'] == 'tetanus-maternal'][0]
            rules.add(json.dumps({'grace': d['graceDays'], 'vaccines': sorted(series['acceptedVaccines']),
                                  'intervals': [x.get('minimumInterval') for x in series['doses']],
                                  'protection': d['maternalTetanusProtection']['protection'],
                                  'before': d['maternalTetanusProtection']['minimumBeforeDelivery']}, sort_keys=True))
    # one CQL for every schedule version: stop if a version ever changes the maternal rules
    assert len(rules) == 1, 'the schedule versions differ in maternal tetanus rules: the Library must choose by delivery date'
    r = json.loads(rules.pop())
    vaccines = ', '.join("'" + v + "'" for v in r['vaccines'])
    before = cql_quantity(r['before'])
    out = ['',
           "// ---- protected at birth: the immunization capability's maternal tetanus status (WHO), generated from the",
           '// EPI schedule files (terminology/.../immunization/schedule-*.json, series tetanus-maternal) ----',
           'define "Tetanus Dose Days":',
           '  distinct ([Immunization] I',
           "    where I.status.value = 'completed'",
           '      and First(I.vaccineCode.coding C',
           "        where C.system.value = 'https://fhir.eccd.vn/CodeSystem/vn-epi-vaccine' and C.code.value is not null",
           '        return C.code.value) in {' + vaccines + '}',
           '    return date from (I.occurrence as FHIR.dateTime).value)',
           '',
           f'// only doses given at least {before} before the delivery protect the newborn',
           'define "Counted Dose Days":',
           f'  "Tetanus Dose Days" D where D is not null and D <= "Delivery Date" - {before}',
           '']
    for n, interval in enumerate(r['intervals'], start=1):
        if interval is None:
            out += [f'define "Valid Dose {n}": Min("Counted Dose Days")', '']
        else:
            out += [f'// at least {interval} after the previous valid dose, less {r["grace"]} grace days',
                    f'define "Valid Dose {n}":',
                    f'  Min("Counted Dose Days" D where D >= "Valid Dose {n - 1}" + {cql_quantity(interval)} - {r["grace"]} days)', '']
    doses = ', '.join(f'"Valid Dose {n}"' for n in range(1, len(r['intervals']) + 1))
    out += ['define "Valid Doses": Count({' + doses + '})', '',
            'define "Last Valid Dose": Max({' + doses + '})', '']
    protection = sorted(r['protection'], key=lambda p: p['validDoses'])
    terms = []
    for i, p in enumerate(protection):
        cmp = '>=' if i == len(protection) - 1 else '='
        if p['years'] == 0:
            terms.append(f'"Valid Doses" {cmp} {p["validDoses"]}')
        else:
            terms.append(f'("Valid Doses" {cmp} {p["validDoses"]} and "Delivery Date" <= "Last Valid Dose" + {p["years"]} years)')
    out.append('// protected by: ' + ', '.join(f"{p['validDoses']} valid doses " + (
        f"for {p['years']} years after the last" if p['years'] else 'for life') for p in protection))
    out += ['define "Numerator":', '  ' + '\n    or '.join(terms), '']
    return '\n'.join(out)

# Children 0-8 years: age at the end of the period, age groups, screening results (eccd_flat_development_result).
DEV = '''
// ---- age at the end of the period (completed years), age groups of the development indicators ----
define "Age At Period End": years between "Birth Date" and "Period End"

define "In Age Range":
  "Birth Date" is not null and "Birth Date" <= "Period End" and "Age At Period End" <= 8

define "Stratum Age Group":
  case when "Age At Period End" <= 2 then '0-2' when "Age At Period End" <= 5 then '3-5' else '6-8' end

// effective[x] as a calendar date: dateTime or instant as written, or the start of a Period
define function "Observation Date"(O FHIR.Observation):
  Coalesce(date from (O.effective as FHIR.dateTime).value, date from (O.effective as FHIR.instant).value,
    date from (O.effective as FHIR.Period)."start".value)

// ---- screening results in the period (profile eccd-development-domain-result: one Observation per domain) ----
define "Screening Results":
  [Observation] O
    let D: "Observation Date"(O)
    where O.status.value in {'final', 'amended', 'corrected'}
      and exists (O.code.coding C
        where C.system.value = 'https://fhir.eccd.vn/CodeSystem/eccd-development-domain' and C.code.value is not null)
      and D is not null and D >= "Period Start" and D <= "Period End"

// the first v3 ObservationInterpretation code: N (on track) or A (not on track)
define function "Interpretation"(O FHIR.Observation):
  First(flatten (O.interpretation I return (I.coding C
    where C.system.value = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation' and C.code.value is not null
    return C.code.value)))
'''

DEV_NUMERATORS = {
  'dev-screening-done': '''
define "Initial Population": "In Age Range"

define "Denominator": "Initial Population"

define "Numerator": exists "Screening Results"
''',
  'dev-at-risk-care-plan': '''
// ---- cohort: children with a result "not on track" (A) in the period ----
define "Initial Population": "In Age Range" and exists ("Screening Results" O where "Interpretation"(O) = 'A')

define "Denominator": "Initial Population"

// ---- an active development or disability care plan at the end of the period ----
define "Numerator":
  exists ([CarePlan] P
    where First(flatten (P.category K return (K.coding C
        where C.system.value = 'https://fhir.eccd.vn/CodeSystem/eccd-care-plan-category' and C.code.value is not null
        return C.code.value))) in {'development', 'disability'}
      and P.status.value = 'active'
      and date from P.period."start".value <= "Period End"
      and (P.period."end".value is null or date from P.period."end".value >= "Period End"))
''',
  'dev-referral-completed-30d': '''
// ---- cohort: children referred in the period (ServiceRequest, profile eccd-referral) ----
define "Referrals In Period":
  [ServiceRequest] S
    let D: date from S.authoredOn.value
    where S.intent.value = 'order' and S.status.value in {'active', 'on-hold', 'completed'}
      and D is not null and D >= "Period Start" and D <= "Period End"

define "First Referral Date": Min("Referrals In Period" S return date from S.authoredOn.value)

define "Initial Population": "In Age Range" and "First Referral Date" is not null

define "Denominator": "Initial Population"

// ---- the first referral completed by the receiving facility (Task, profile eccd-referral-task) within 30 days ----
define function "Task Completed"(T FHIR.Task):
  Coalesce(date from T.executionPeriod."end".value, date from T.lastModified.value)

define function "Referral Id"(T FHIR.Task):
  Last(Split(First(T.basedOn).reference.value, '/'))

define "Numerator":
  exists (from "Referrals In Period" S, ([Task] T where T.status.value = 'completed') T
    where date from S.authoredOn.value = "First Referral Date"
      and "Referral Id"(T) = S.id
      and "Task Completed"(T) >= date from S.authoredOn.value
      and "Task Completed"(T) <= (date from S.authoredOn.value) + 30 days)
''',
}

DEV_INDICATORS = [
  ('dev-screening-done', 'DevScreeningDone', ['Observation'],
   'Children 0-8 years with a developmental screening in the period', 'Tỷ lệ trẻ 0-8 tuổi được sàng lọc phát triển phù hợp lứa tuổi'),
  ('dev-at-risk-care-plan', 'DevAtRiskCarePlan', ['Observation', 'CarePlan'],
   'Children at developmental risk with an active care plan', 'Tỷ lệ trẻ có nguy cơ chậm phát triển được lập kế hoạch can thiệp'),
  ('dev-referral-completed-30d', 'DevReferralCompleted30d', ['ServiceRequest', 'Task'],
   'Referrals of children completed within 30 days', 'Tỷ lệ trẻ được chuyển tuyến hoàn thành trong vòng 30 ngày'),
]

WHO_ANC = 'http://smart.who.int/anc/Measure'
# id, CQL name, rule class, subject (woman/child), data requirements, titles, WHO SMART ANC id
INDICATORS = [
  ('anc-4-contacts', 'MchAnc4Contacts', 'MaternalCareRule', 'woman', ['Encounter'],
   'Women who delivered with at least 4 ANC contacts', 'Tỷ lệ phụ nữ đẻ được khám thai ít nhất 4 lần trong thai kỳ', 'ANC.IND.04'),
  ('anc-first-trimester', 'MchAncFirstTrimester', 'MaternalCareRule', 'woman', ['Encounter', 'EpisodeOfCare'],
   'Women who delivered with a first ANC contact in the first trimester', 'Tỷ lệ phụ nữ đẻ được khám thai lần đầu trong 3 tháng đầu thai kỳ', 'ANC.IND.01'),
  ('anc-tetanus-protected', 'MchAncTetanusProtected', 'MaternalCareRule', 'woman', ['Encounter', 'Immunization'],
   'Women who delivered protected against neonatal tetanus', 'Tỷ lệ phụ nữ đẻ được bảo vệ phòng uốn ván sơ sinh', None),
  ('anc-iron-folic', 'MchAncIronFolic', 'MaternalCareRule', 'woman', ['Encounter', 'MedicationAdministration'],
   'Women who delivered who received iron-folic acid during pregnancy', 'Tỷ lệ phụ nữ đẻ được uống viên sắt - acid folic trong thai kỳ', 'ANC.IND.02'),
  ('birth-skilled-attendant', 'MchBirthSkilledAttendant', 'MaternalCareRule', 'woman', ['Encounter'],
   'Births attended by skilled health personnel', 'Tỷ lệ phụ nữ đẻ được cán bộ y tế đỡ', None),
  ('pnc-7-days', 'MchPnc7Days', 'MaternalCareRule', 'woman', ['Encounter'],
   'Women who delivered with postnatal care within 7 days', 'Tỷ lệ bà mẹ được chăm sóc sau sinh trong vòng 7 ngày', None),
  ('nb-early-breastfeeding', 'MchNbEarlyBreastfeeding', 'InfantFeedingRule', 'child', ['Observation'],
   'Newborns breastfed within one hour of birth', 'Tỷ lệ trẻ sơ sinh được bú mẹ trong vòng 1 giờ đầu sau sinh', None),
  ('bf-exclusive-under-6m', 'MchBfExclusiveUnder6m', 'InfantFeedingRule', 'child', ['Observation'],
   'Infants under 6 months exclusively breastfed', 'Tỷ lệ trẻ dưới 6 tháng tuổi được bú mẹ hoàn toàn', None),
]

def write(mid, name, rule, subject, data, title, title_vi, who, body):
    lib_name = 'Eccd' + name
    cql = HEADER.format(name=lib_name, version=g.VERSION, title=title, title_vi=title_vi, id=mid, rule=rule,
                        common=g.COMMON) + body + '\n' + g.province_function() + '\n'
    with open(os.path.join(g.HERE, lib_name + '.cql'), 'w', encoding='utf-8') as f:
        f.write(cql)
    library = {
        'resourceType': 'Library', 'id': lib_name, 'url': f'{g.BASE}/Library/{lib_name}', 'version': g.VERSION,
        'name': lib_name, 'title': title, 'status': 'active', 'experimental': False, 'date': g.DATE,
        'publisher': 'ECCD FHIR project',
        'type': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/library-type', 'code': 'logic-library'}]},
        'parameter': [{'name': 'Measurement Period', 'use': 'in', 'min': 0, 'max': '1', 'type': 'Period'}],
        'dataRequirement': [{'type': 'Patient'}] + [{'type': t} for t in data],
        'content': [{'contentType': 'text/cql', 'data': base64.b64encode(cql.encode('utf-8')).decode('ascii')}],
    }
    who_text = (' Denominator: the women who delivered in the period (WHO SMART ANC counts pregnant women).'
                if subject == 'woman' else '')
    stratifiers = [g.stratifier('commune', 'Residence commune (2025 NSO code)', 'Stratum Commune'),
                   g.stratifier('province', 'Province (2025 NSO code)', 'Stratum Province'),
                   g.stratifier('sex', 'Sex', 'Stratum Sex'),
                   g.stratifier('ethnicity', 'Ethnicity (GSO code)', 'Stratum Ethnicity')]
    if subject == 'dev':
        stratifiers.append(g.stratifier('age-group', 'Age at the end of the period: 0-2, 3-5, 6-8 years', 'Stratum Age Group'))
    measure = {
        'resourceType': 'Measure', 'id': mid, 'url': f'{g.BASE}/Measure/{mid}', 'version': g.VERSION, 'name': name,
        'title': title,
        '_title': {'extension': [{'url': 'http://hl7.org/fhir/StructureDefinition/translation', 'extension': [
            {'url': 'lang', 'valueCode': 'vi'}, {'url': 'content', 'valueString': title_vi}]}]},
        'status': 'active', 'experimental': False, 'date': g.DATE, 'publisher': 'ECCD FHIR project',
        'description': f'{title}. Definition in words: docs/measures.md ({mid}).{who_text}',
        'subjectCodeableConcept': {'coding': [{'system': 'http://hl7.org/fhir/resource-types', 'code': 'Patient'}],
                                   'text': 'the woman who delivered' if subject == 'woman' else 'the child'},
        'library': [f'{g.BASE}/Library/{lib_name}|{g.VERSION}'],
        'scoring': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-scoring', 'code': 'proportion'}]},
        'type': [{'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-type', 'code': 'process'}]}],
        'improvementNotation': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation', 'code': 'increase'}]},
        'group': [{'id': 'group-1', 'population': [
            g.population('initial-population', 'Initial Population', 'Initial Population'),
            g.population('denominator', 'Denominator', 'Denominator'),
            g.population('numerator', 'Numerator', 'Numerator')],
            'stratifier': stratifiers}],
    }
    if who:
        measure['identifier'] = [{'system': WHO_ANC, 'value': who}]
    for kind, res in (('Library', library), ('Measure', measure)):
        with open(os.path.join(g.FHIR, f'{kind}-{res["id"]}.json'), 'w', encoding='utf-8') as f:
            json.dump(res, f, ensure_ascii=False, indent=2)
            f.write('\n')

def main():
    for (mid, name, rule, subject, data, title, title_vi, who) in INDICATORS:
        body = (WOMAN if subject == 'woman' else CHILD) + (NUMERATORS[mid] or tetanus_numerator())
        write(mid, name, rule, subject, data, title, title_vi, who, body)
    for (mid, name, data, title, title_vi) in DEV_INDICATORS:
        write(mid, name, 'DevelopmentCareRule', 'dev', data, title, title_vi, None, DEV + DEV_NUMERATORS[mid])

if __name__ == '__main__':
    main()
