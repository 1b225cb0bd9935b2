/**
 * The review step of adding many people at once (POST /activities/:id/participants/review): who was found, who must be
 * chosen among namesakes or close spellings, who is already on the roster, and which lines found no one. Nothing is
 * added until the coordinator confirms (POST /activities/:id/participants/bulk).
 */
import type { Translator } from "../i18n";
import { CreateForm } from "../web/form-token";
import { CandidateLabel, NewRowFields } from "./add-forms";
import { rosterPath, rowLink } from "./choices";
import type { Candidate, LineMatch } from "./matching";
import type { RosterActivity } from "./roster-page";

/** The lines (or the people of a tag or organisation) sorted into what the coordinator has to decide. */
export type Review = {
  ready: Candidate[];
  choose: { index: number; line: string; choices: Candidate[] }[];
  alreadyThere: Candidate[];
  unknown: { index: number; line: string; email: boolean }[];
};

export function sortMatches(matches: LineMatch[]): Review {
  const review: Review = { ready: [], choose: [], alreadyThere: [], unknown: [] };
  // A person, or a line, pasted twice is asked about once.
  const seenPeople = new Set<number>();
  const seenLines = new Set<string>();
  matches.forEach((match, index) => {
    if ("found" in match) {
      if (seenPeople.has(match.found.id)) return;
      seenPeople.add(match.found.id);
      (match.found.participationId === null ? review.ready : review.alreadyThere).push(match.found);
      return;
    }
    const line = match.line.toLowerCase();
    if (seenLines.has(line)) return;
    seenLines.add(line);
    if ("choices" in match) review.choose.push({ index, line: match.line, choices: match.choices });
    else review.unknown.push({ index, line: match.line, email: match.email });
  });
  return review;
}

export function sortGroup(people: Candidate[]): Review {
  return {
    ready: people.filter((person) => person.participationId === null),
    choose: [],
    alreadyThere: people.filter((person) => person.participationId !== null),
    unknown: [],
  };
}

export function ReviewPage({
  i18n,
  activity,
  review,
}: {
  i18n: Translator;
  activity: RosterActivity;
  review: Review;
}) {
  const { t } = i18n;
  const base = rosterPath(activity.id);
  const nothingToDo = review.ready.length === 0 && review.choose.length === 0 && review.unknown.length === 0;
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t("participants.reviewTitle", { title: activity.title })}</h1>
      <CreateForm action={`${base}/bulk`} class="stack record-form">
        {review.ready.length > 0 && (
          <fieldset class="checkbox-group">
            <legend>{t("participants.ready", { count: review.ready.length })}</legend>
            {review.ready.map((person) => (
              <label class="checkbox">
                <input type="checkbox" name="personIds" value={String(person.id)} checked />
                <CandidateLabel person={person} linked={false} />
              </label>
            ))}
          </fieldset>
        )}
        {review.choose.length > 0 && (
          <section aria-labelledby="choose-title">
            <h2 id="choose-title">{t("participants.choose", { count: review.choose.length })}</h2>
            {review.choose.map((line) => (
              <fieldset class="checkbox-group">
                <legend>{t("participants.chooseFor", { line: line.line })}</legend>
                {line.choices.map((person) =>
                  person.participationId === null ? (
                    <label class="checkbox">
                      <input type="radio" name={`choice-${line.index}`} value={String(person.id)} />
                      <CandidateLabel person={person} linked={false} />
                    </label>
                  ) : (
                    <p>
                      <CandidateLabel person={person} /> ·{" "}
                      <a href={rowLink(activity.id, person.participationId)}>{t("participants.onRoster")}</a>
                    </p>
                  ),
                )}
                <label class="checkbox">
                  <input type="radio" name={`choice-${line.index}`} value="" checked />
                  {t("participants.noneOfThese")}
                </label>
              </fieldset>
            ))}
          </section>
        )}
        {review.unknown.length > 0 && (
          <fieldset class="checkbox-group">
            <legend>{t("participants.unknown", { count: review.unknown.length })}</legend>
            {review.unknown.map((line) =>
              line.email ? (
                <p>
                  {line.line}: <span class="muted">{t("participants.unknownEmail")}</span>
                </p>
              ) : (
                <label class="checkbox">
                  <input type="checkbox" name={`new-${line.index}`} value={line.line} />
                  {t("participants.createNamed", { name: line.line })}
                </label>
              ),
            )}
          </fieldset>
        )}
        {review.alreadyThere.length > 0 && (
          <section aria-labelledby="already-title">
            <h2 id="already-title">
              {t("participants.alreadyThere", { count: review.alreadyThere.length })}
            </h2>
            <ul>
              {review.alreadyThere.map((person) => (
                <li>
                  <a href={rowLink(activity.id, person.participationId ?? 0)}>{person.name}</a>
                </li>
              ))}
            </ul>
          </section>
        )}
        {nothingToDo ? (
          <p class="muted">{t("participants.nobody")}</p>
        ) : (
          <>
            <NewRowFields i18n={i18n} values={{}} />
            <button type="submit" class="primary">
              {t("participants.addChosen")}
            </button>
          </>
        )}
      </CreateForm>
      <p>
        <a href={base}>{t("participants.backToRoster")}</a>
      </p>
    </section>
  );
}
