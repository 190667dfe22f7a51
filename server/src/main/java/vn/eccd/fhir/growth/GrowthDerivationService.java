package vn.eccd.fhir.growth;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.api.model.DeleteConflictList;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.model.cross.IResourceLookup;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.delete.DeleteConflictUtil;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import vn.eccd.fhir.growth.GrowthDerivation.Visit;
import vn.eccd.fhir.growth.GrowthMeasurements.Kind;

/**
 * Keeps a visit's derived Observations (z-scores, nutrition status) in step with its measurements. Called from
 * {@link GrowthDerivationInterceptor} inside the writing transaction; its own writes carry an internal request
 * marker so that {@link DerivedResourceGuardInterceptor} lets them through.
 */
public class GrowthDerivationService {

	static final String INTERNAL_MARKER = GrowthDerivationService.class.getName() + ".internal";

	private final DaoRegistry daoRegistry;
	private final GrowthDerivation derivation;
	private final IIdHelperService<JpaPid> idHelper;

	public GrowthDerivationService(DaoRegistry daoRegistry, GrowthDerivation derivation, IIdHelperService<JpaPid> idHelper) {
		this.daoRegistry = daoRegistry;
		this.derivation = derivation;
		this.idHelper = idHelper;
	}

	/** A request for the server's own derivation writes. */
	public static SystemRequestDetails internalRequest() {
		SystemRequestDetails request = new SystemRequestDetails();
		request.getUserData().put(INTERNAL_MARKER, Boolean.TRUE);
		return request;
	}

	public static boolean isInternal(RequestDetails request) {
		return request != null && Boolean.TRUE.equals(request.getUserData().get(INTERNAL_MARKER));
	}

	@SuppressWarnings("unchecked")
	private IFhirResourceDao<Observation> observations() {
		return daoRegistry.getResourceDao(Observation.class);
	}

	@SuppressWarnings("unchecked")
	private IFhirResourceDao<Patient> patients() {
		return daoRegistry.getResourceDao(Patient.class);
	}

	/**
	 * A measurement was created, changed or is being deleted: re-derive the visit it belonged to and the visit
	 * it belongs to now.
	 *
	 * @param before the stored version before the change (null on create)
	 * @param after  the version after the change (null when it is being deleted)
	 */
	public void measurementChanged(Observation before, Observation after, TransactionDetails transaction) {
		Observation any = after != null ? after : before;
		String changedId = any.getIdElement().getIdPart();
		Set<Visit> visits = new LinkedHashSet<>();
		GrowthDerivation.visitOf(before).ifPresent(visits::add);
		Visit current = GrowthDerivation.visitOf(after).orElse(null);
		if (current != null) {
			visits.add(current);
		}
		for (Visit visit : visits) {
			recompute(visit, changedId, Objects.equals(visit, current) ? after : null, transaction);
		}
	}

	/**
	 * Every entry of a FHIR transaction is stored: re-derive one visit its measurements touched (before or after).
	 *
	 * @param writtenByPid the measurements the transaction created or updated, as written, by database id
	 *                     ({@link #byDatabaseId}): the visit's search finds them and need not load them again (a visit
	 *                     bundle's own measurements usually are all its visit has)
	 */
	public void transactionWritten(Visit visit, Map<Long, Observation> writtenByPid, TransactionDetails transaction) {
		Patient patient = readPatient(visit);
		if (patient != null) {
			recompute(visit, null, null, patient, writtenByPid, transaction);
		}
	}

	/** Resources HAPI has just written, by their database id (HAPI puts it in each resource's user data). */
	public static Map<Long, Observation> byDatabaseId(Collection<Observation> written) {
		Map<Long, Observation> byPid = new HashMap<>();
		for (Observation o : written) {
			JpaPid pid = IDao.RESOURCE_PID.get(o);
			if (pid != null) {
				byPid.put(pid.getId(), o);
			}
		}
		return byPid;
	}

	/** The patient's sex or birth date changed: re-derive every visit of the patient. */
	public void patientChanged(Patient patient, TransactionDetails transaction) {
		String reference = "Patient/" + patient.getIdElement().getIdPart();
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Observation.SP_SUBJECT, new ReferenceParam(reference));
		map.add(Observation.SP_CODE, measurementCodes());
		Set<Visit> visits = new LinkedHashSet<>();
		for (Observation o : observations().searchForResources(map, internalRequest())) {
			GrowthDerivation.visitOf(o).filter(v -> v.patientReference().equals(reference)).ifPresent(visits::add);
		}
		for (Visit visit : visits) {
			recompute(visit, null, null, patient, Map.of(), transaction);
		}
	}

	public GrowthDerivation.Result recompute(Visit visit, String excludeId, Observation include,
			TransactionDetails transaction) {
		Patient patient = readPatient(visit);
		if (patient == null) {
			return new GrowthDerivation.Result(null, null, List.of());
		}
		return recompute(visit, excludeId, include, patient, Map.of(), transaction);
	}

	/** The visit's child, or null when it is not (or no longer) stored: nothing to derive. */
	private Patient readPatient(Visit visit) {
		try {
			return patients().read(new IdType(visit.patientReference()), internalRequest());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return null;
		}
	}

	private GrowthDerivation.Result recompute(Visit visit, String excludeId, Observation include, Patient patient,
			Map<Long, Observation> writtenByPid, TransactionDetails transaction) {
		TransactionDetails tx = transaction != null ? transaction : new TransactionDetails();
		// one query for the visit's day: its measurements and the derived Observations it already has
		Set<String> derivedIds = visit.allDerivedIds();
		List<Observation> members = new ArrayList<>();
		Map<String, Observation> existing = new HashMap<>();
		for (Observation o : findVisitObservations(visit, writtenByPid)) {
			String id = o.getIdElement().getIdPart();
			if (derivedIds.contains(id)) {
				existing.put(id, o);
				continue;
			}
			if (id.equals(excludeId) || (include != null && id.equals(include.getIdElement().getIdPart()))) {
				continue;
			}
			if (!GrowthMeasurements.isDerived(o) && GrowthDerivation.visitOf(o).filter(visit::equals).isPresent()) {
				members.add(o);
			}
		}
		if (include != null) {
			members.add(include);
		}
		GrowthDerivation.Result result = derivation.derive(patient, visit, members);

		Set<String> wanted = new HashSet<>();
		List<Observation> changed = new ArrayList<>();
		for (Observation derived : result.resources()) {
			String id = derived.getIdElement().getIdPart();
			wanted.add(id);
			if (!sameContent(existing.get(id), derived)) {
				changed.add(derived); // an unchanged indicator gets no new version, no write
			}
		}
		// Stored records first: HAPI reads the stored version before updating it, a query that would first flush every
		// record created before it. New records need no query (ids and references resolved below), so they reach the
		// database together, in the flush at commit.
		changed.sort(Comparator.comparing(derived -> !existing.containsKey(derived.getIdElement().getIdPart())));
		resolveIdsToWrite(changed, existing.keySet(), tx);
		resolveReferenceTargets(changed, patient, members, tx);
		for (Observation derived : changed) {
			String id = derived.getIdElement().getIdPart();
			// same TransactionDetails as the triggering write: ids created earlier in this transaction resolve
			DaoMethodOutcome written = observations().update(derived, null, true, false, internalRequest(), tx);
			if (written.getPersistentId() != null) {
				// it exists now: a later derivation in this transaction must update it, not create it again
				tx.addResolvedResourceId(new IdType("Observation", id), written.getPersistentId());
			}
		}
		for (String id : existing.keySet()) {
			if (!wanted.contains(id)) {
				DeleteConflictList conflicts = new DeleteConflictList();
				observations().delete(new IdType("Observation", id), conflicts, internalRequest(), tx);
				// something (a referral, a care plan) cites this derived record: refuse rather than dangle
				DeleteConflictUtil.validateDeleteConflictsEmptyOrThrowException(
						daoRegistry.getFhirContext(), conflicts);
			}
		}
		return result;
	}

	/**
	 * HAPI resolves the id of every PUT before writing it, with one query per resource that first flushes the whole
	 * transaction's session (a third of a derived write's cost in a visit transaction). The ids of the derived
	 * Observations about to be written are resolved here in one query instead, deleted ones included (a deleted
	 * derived record is brought back as a new version, as HAPI would), and handed to HAPI through the transaction's
	 * resolved ids. Ids the visit's search already found need no query: they exist.
	 */
	private void resolveIdsToWrite(List<Observation> derived, Set<String> found, TransactionDetails tx) {
		List<IIdType> unknown = new ArrayList<>();
		for (Observation o : derived) {
			IIdType id = new IdType("Observation", o.getIdElement().getIdPart());
			if (!found.contains(id.getIdPart()) && !tx.hasResolvedResourceId(id)) {
				unknown.add(id);
			}
		}
		if (unknown.isEmpty()) {
			return;
		}
		Map<String, JpaPid> pids = new HashMap<>();
		for (IResourceLookup<JpaPid> lookup : idHelper.resolveResourceIdentities(RequestPartitionId.allPartitions(), unknown,
				ResolveIdentityMode.includeDeleted().noCacheUnlessDeletesDisabled()).values()) {
			pids.put(lookup.getFhirId(), lookup.getPersistentId());
		}
		for (IIdType id : unknown) {
			// null = known not to exist: HAPI creates it without looking it up again
			tx.addResolvedResourceId(id, pids.get(id.getIdPart()));
		}
	}

	/**
	 * HAPI checks that every reference of a resource it writes points at a stored resource, with one query per reference
	 * (it caches none while deletes are enabled) unless the transaction already knows the target's database id: about
	 * 4 queries per derived record (child, measurements, station, encounter). The child and the measurements were just
	 * read and carry their ids; the other targets (station, encounter) are resolved here in one query. A target that
	 * does not resolve is left to HAPI, which refuses the write as before.
	 */
	private void resolveReferenceTargets(List<Observation> toWrite, Patient patient, List<Observation> members,
			TransactionDetails tx) {
		if (toWrite.isEmpty()) {
			return;
		}
		List<IAnyResource> read = new ArrayList<>(members.size() + 1);
		read.add(patient);
		read.addAll(members);
		for (IAnyResource target : read) {
			JpaPid pid = IDao.RESOURCE_PID.get(target);
			IIdType id = target.getIdElement().toUnqualifiedVersionless();
			if (pid != null && id.hasResourceType() && id.hasIdPart() && !tx.hasResolvedResourceId(id)) {
				tx.addResolvedResourceId(id, pid);
			}
		}
		Set<IIdType> unknown = new LinkedHashSet<>();
		for (Observation o : toWrite) {
			List<Reference> references = new ArrayList<>(o.getPerformer());
			references.add(o.getSubject());
			references.add(o.getEncounter());
			references.addAll(o.getDerivedFrom());
			for (Reference reference : references) {
				IIdType id = reference.getReferenceElement().toUnqualifiedVersionless();
				if (id.hasResourceType() && id.hasIdPart() && !id.isAbsolute() && !tx.hasResolvedResourceId(id)) {
					unknown.add(new IdType(id.getResourceType(), id.getIdPart()));
				}
			}
		}
		if (unknown.isEmpty()) {
			return;
		}
		for (IResourceLookup<JpaPid> lookup : idHelper.resolveResourceIdentities(RequestPartitionId.allPartitions(),
				List.copyOf(unknown), ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled()).values()) {
			tx.addResolvedResourceId(new IdType(lookup.getResourceType(), lookup.getFhirId()), lookup.getPersistentId());
		}
	}

	/**
	 * The stored growth Observations of the visit: the patient's measurements and derived records whose date, as recorded,
	 * is the visit's date. One exact-day search: HAPI compares day-precision dates on the date as recorded (its date
	 * ordinals, pinned in FhirStorageConfig), so a time zone cannot move a record to another day. Only growth codes: the
	 * day's other Observations (vital signs, screening answers) are not loaded. When the caller holds what its
	 * transaction wrote, the search first asks for database ids only: if they are all in hand, nothing is loaded.
	 */
	private List<Observation> findVisitObservations(Visit visit, Map<Long, Observation> writtenByPid) {
		if (!writtenByPid.isEmpty()) {
			List<JpaPid> pids = observations().searchForIds(visitSearch(visit), internalRequest());
			List<Observation> inHand = new ArrayList<>(pids.size());
			for (JpaPid pid : pids) {
				Observation o = writtenByPid.get(pid.getId());
				if (o == null) {
					inHand = null; // a record stored before this transaction: load the visit's records
					break;
				}
				inHand.add(o);
			}
			if (inHand != null) {
				return inHand;
			}
		}
		return observations().searchForResources(visitSearch(visit), internalRequest());
	}

	private static SearchParameterMap visitSearch(Visit visit) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Observation.SP_SUBJECT, new ReferenceParam(visit.patientReference()));
		// ge + le of the same day: every record whose date range touches the day (eq would drop a period running past it)
		map.add(Observation.SP_DATE, new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, visit.date()),
				new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, visit.date())));
		map.add(Observation.SP_CODE, visitCodes());
		return map;
	}

	/** The measurement codes and the code systems of derived records (any code). */
	private static TokenOrListParam visitCodes() {
		TokenOrListParam codes = measurementCodes();
		codes.addOr(new TokenParam(GrowthIndicator.SYSTEM, null));
		codes.addOr(new TokenParam(NutritionStatus.SYSTEM, null));
		return codes;
	}

	/** Whether a stored derived Observation already says what a new derivation says (meta and version aside). */
	static boolean sameContent(Observation stored, Observation derived) {
		if (stored == null) {
			return false;
		}
		Observation a = stored.copy();
		Observation b = derived.copy();
		a.setMeta(null);
		b.setMeta(null);
		a.setIdElement(null);
		b.setIdElement(null);
		boolean sameTags = stored.getMeta().getTag(GrowthMeasurements.RECORD_ORIGIN_SYSTEM, GrowthMeasurements.DERIVED) != null;
		return sameTags && a.equalsDeep(b);
	}

	static TokenOrListParam measurementCodes() {
		TokenOrListParam codes = new TokenOrListParam();
		for (Kind kind : Kind.values()) {
			codes.addOr(new TokenParam(kind.system(), kind.code()));
		}
		return codes;
	}

	/** All stored growth measurements of a patient grouped by visit, oldest visit first. */
	public Map<Visit, List<Observation>> measurementsByVisit(String patientReference) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Observation.SP_SUBJECT, new ReferenceParam(patientReference));
		map.add(Observation.SP_CODE, measurementCodes());
		List<Observation> all = new ArrayList<>(observations().searchForResources(map, internalRequest()));
		Map<Visit, List<Observation>> byVisit = new java.util.TreeMap<>(
				java.util.Comparator.comparing(Visit::date).thenComparing(Visit::patientReference));
		for (Observation o : all) {
			GrowthDerivation.visitOf(o).filter(v -> v.patientReference().equals(patientReference))
					.ifPresent(v -> byVisit.computeIfAbsent(v, k -> new ArrayList<>()).add(o));
		}
		return new LinkedHashMap<>(byVisit);
	}

	/** Ids per {@code _id} search: keeps each SQL IN list bounded. */
	private static final int IDS_PER_SEARCH = 200;

	/**
	 * The stored derived Observations of each visit (z-scores, then nutrition status), read with one {@code _id}
	 * search per {@value #IDS_PER_SEARCH} ids instead of one search per visit: a child has ~25 visits.
	 */
	public Map<Visit, List<Observation>> derivedOf(Collection<Visit> visits) {
		Map<String, Visit> visitOfId = new HashMap<>();
		List<String> order = new ArrayList<>();
		for (Visit visit : visits) {
			for (String id : visit.allDerivedIds()) {
				visitOfId.put(id, visit);
				order.add(id);
			}
		}
		Map<String, Observation> found = new HashMap<>();
		for (int from = 0; from < order.size(); from += IDS_PER_SEARCH) {
			TokenOrListParam ids = new TokenOrListParam();
			order.subList(from, Math.min(order.size(), from + IDS_PER_SEARCH)).forEach(id -> ids.addOr(new TokenParam(id)));
			SearchParameterMap map = SearchParameterMap.newSynchronous();
			map.add("_id", ids);
			for (Observation o : observations().searchForResources(map, internalRequest())) {
				found.put(o.getIdElement().getIdPart(), o);
			}
		}
		Map<Visit, List<Observation>> byVisit = new LinkedHashMap<>();
		for (Visit visit : visits) {
			byVisit.put(visit, new ArrayList<>());
		}
		for (String id : order) {
			Observation o = found.get(id);
			if (o != null) {
				byVisit.get(visitOfId.get(id)).add(o);
			}
		}
		return byVisit;
	}
}
