package vn.eccd.bench;

import java.util.List;

/**
 * The items of the IG's ECD milestones questionnaire ({@code Questionnaire/eccd-ecd-milestones}, profiles module,
 * 24-59 months, one yes/no group per ECDI2030 domain), as the generator answers them, and the on-track cut-off the
 * generator's sending system applies to each domain's score (number of "yes"). The IG leaves the interpretation to
 * the sender; the cut-offs are the generator's assumption [background], see docs/synthetic-population.md.
 * {@code GeneratorScreeningTest} checks the link ids and texts against the Questionnaire in the IG package.
 */
final class EcdMilestones {
	private EcdMilestones() {
	}

	record Item(String linkId, String text) {
	}

	/**
	 * @param code    code of CodeSystem eccd-development-domain (= the group's linkId)
	 * @param display the code system's display (= the group's text)
	 * @param vi      Vietnamese name, for texts
	 * @param onTrack minimum score (number of milestones achieved) interpreted N (on track)
	 */
	record Domain(String code, String display, String vi, int onTrack, List<Item> items) {
		int max() {
			return items.size();
		}
	}

	static final int MIN_AGE_MONTHS = 24;
	static final int MAX_AGE_MONTHS = 59;

	static final List<Domain> DOMAINS = List.of(
			new Domain("health", "Health (motor development and self-care)", "sức khỏe (vận động, tự phục vụ)", 4, List.of(
					new Item("health.h1", "Can the child walk up and down stairs, or on uneven ground, without falling?"),
					new Item("health.h2", "Can the child jump with both feet leaving the ground?"),
					new Item("health.h3", "Can the child draw a line or a circle with a pencil or crayon?"),
					new Item("health.h4", "Can the child put on clothes (e.g. trousers or a shirt) without help?"),
					new Item("health.h5", "Can the child use a spoon or chopsticks to eat without spilling much?"))),
			new Domain("learning", "Learning", "học tập (ngôn ngữ, nhận thức)", 4, List.of(
					new Item("learning.l1", "Can the child say sentences of three or more words?"),
					new Item("learning.l2", "Can the child name at least 5 familiar objects or animals in a picture?"),
					new Item("learning.l3", "Can the child count at least 5 objects correctly?"),
					new Item("learning.l4", "Can the child recognise at least 3 letters or written numbers?"),
					new Item("learning.l5",
							"Does the child follow a simple two-step instruction (e.g. 'pick up the cup and give it to me')?"),
					new Item("learning.l6", "Can the child keep at a simple task (drawing, puzzle) until it is finished?"))),
			new Domain("psychosocial", "Psychosocial well-being", "tâm lý - xã hội", 4, List.of(
					new Item("psychosocial.p1", "Does the child play with other children (take turns, share toys)?"),
					new Item("psychosocial.p2", "Does the child ask for help when needed, e.g. from a family member?"),
					new Item("psychosocial.p3", "Can the child calm down within a short time after being upset?"),
					new Item("psychosocial.p4", "Does the child show concern when another child is hurt or sad?"),
					new Item("psychosocial.p5", "Does the child usually get along with adults who care for him or her?"))));

	static boolean onTrack(Domain d, int score) {
		return score >= d.onTrack();
	}
}
