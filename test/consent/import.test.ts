/**
 * Consent through the importer: a Russian Excel list (Windows-1251, semicolons) with a column per purpose ("да" /
 * "нет"), the day and how; the headers are guessed, the preview counts the answers and offers to replace a different
 * one kept, the import writes them, and undo takes them back (answers it replaced come back as they were). A roster
 * file (English, UTF-8) records its people's consent the same way.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consents, imports, people } from "../../src/db/schema";
import { createTranslator } from "../../src/i18n";
import { encodeText } from "../fixtures/imports/encode";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity, insertPerson } from "../helpers/records";

let t: TestApp;
let coordinator: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: coordinator } = await t.loginAs("coordinator"));
});
afterAll(async () => {
  await t?.close();
});

function upload(bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("kind", "people");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type: "text/csv" }));
  return coordinator.request("/imports", { method: "POST", body: form });
}

const idOf = (response: Response) => Number((response.headers.get("location") ?? "").split("/")[2]);

async function finished(id: number) {
  for (let i = 0; i < 400; i++) {
    const [record] = await t.db.select().from(imports).where(eq(imports.id, id));
    if (record && record.status !== "running" && record.status !== "previewed") return record;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the import did not finish");
}

/** The mapping the map page guessed: each column's selected field. */
async function guessedColumns(id: number): Promise<Record<string, string>> {
  const html = await (await coordinator.get(`/imports/${id}/map`)).text();
  const columns: Record<string, string> = {};
  for (const [, name, body] of html.matchAll(/<select name="(column-\d+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    columns[name ?? ""] = /<option value="([^"]*)" selected/.exec(body ?? "")?.[1] ?? "";
  }
  return columns;
}

const consentsOf = async (personIds: number[]) =>
  (
    await t.db
      .select()
      .from(consents)
      .where(inArray(consents.personId, personIds))
      .orderBy(consents.personId, consents.purpose)
  ).map(({ personId, purpose, status, givenOn, method, note }) => ({
    personId,
    purpose,
    status,
    givenOn,
    method,
    note,
  }));

describe("a Russian people list with consent columns", () => {
  it("guesses the columns, previews the answers, writes them, and undo takes them back", async () => {
    const rashad = await insertPerson(t.db, { fullName: "Рашад Мамедов", email: "rashad@example.az" });
    const narmin = await insertPerson(t.db, { fullName: "Нармин Алиева", email: "narmin@example.az" });
    await t.db.insert(consents).values([
      {
        personId: narmin,
        purpose: "participation",
        status: "given",
        givenOn: "2020-01-10",
        method: "written",
      },
      {
        personId: narmin,
        purpose: "photos",
        status: "refused",
        givenOn: "2020-01-10",
        method: "written",
        note: "Без фото, пожалуйста",
      },
    ]);
    const nextYear = `01.03.${new Date().getFullYear() + 1}`;
    const text = [
      "ФИО;Эл. почта;Согласие на участие;Согласие на фото;Дата согласия;Способ согласия",
      "Айгюн Гусейнова;aygun@example.az;да;нет;01.03.2024;устно",
      "Рашад Мамедов;rashad@example.az;;Да;;",
      "Нармин Алиева;narmin@example.az;да;да;;",
      "Заур Керимов;zaur@example.az;может быть;;;",
      `Фарид Сафаров;farid@example.az;х;;${nextYear};`,
      "",
    ].join("\r\n");
    const uploaded = await upload(encodeText(text, "windows-1251"), "согласия.csv");
    expect(uploaded.status).toBe(303);
    const id = idOf(uploaded);

    const columns = await guessedColumns(id);
    expect(columns).toEqual({
      "column-0": "full_name",
      "column-1": "email",
      "column-2": "consent_participation",
      "column-3": "consent_photos",
      "column-4": "consent_date",
      "column-5": "consent_method",
    });
    const mapped = await coordinator.post(`/imports/${id}/map`, {
      encoding: "windows-1251",
      delimiter: ";",
      ...columns,
    });
    expect(mapped.status).toBe(303);

    const preview = await (await coordinator.get(`/imports/${id}/preview`)).text();
    expect(preview).toContain("Consent the import records");
    const counts = preview.slice(preview.indexOf('id="consents-title"'));
    // Taking part: Aygun given (Narmin's is the same as kept); photos: Rashad given, Aygun refused.
    expect(counts).toMatch(
      /<th scope="row">Participation<\/th><td class="number">1<\/td><td class="number">0<\/td>/,
    );
    expect(counts).toMatch(
      /<th scope="row">Photos<\/th><td class="number">1<\/td><td class="number">1<\/td>/,
    );
    expect(preview).toContain("Please write yes or no (or given, refused, withdrawn).");
    expect(preview).toContain("может быть");
    expect(preview).toContain("This date is in the future.");
    // Narmin's photos answer kept differs from the file's: kept unless chosen.
    expect(preview).toMatch(/<input type="checkbox" name="overwrite-consentPhotos" value="on"\/>/);
    expect(preview).toContain("Consent: photos: <del>—</del> → <ins>Given</ins>");
    expect(await t.db.$count(consents)).toBe(2);

    expect(
      (await coordinator.post(`/imports/${id}/overwrite`, { "overwrite-consentPhotos": "on" })).status,
    ).toBe(303);
    const chosen = await (await coordinator.get(`/imports/${id}/preview`)).text();
    expect(chosen.slice(chosen.indexOf('id="consents-title"'))).toMatch(
      /<th scope="row">Photos<\/th><td class="number">2<\/td><td class="number">1<\/td>/,
    );

    expect((await coordinator.post(`/imports/${id}/run`)).status).toBe(303);
    const record = await finished(id);
    expect(record.status).toBe("done");
    expect(record.counts).toMatchObject({ created: 1, updated: 2, rejected: 2 });
    const [aygun] = await t.db.select().from(people).where(eq(people.email, "aygun@example.az"));
    expect(aygun).toBeDefined();
    const today = createTranslator("en", t.config.timeZone).today();
    expect(await consentsOf([aygun?.id ?? 0, rashad, narmin])).toEqual([
      { personId: rashad, purpose: "photos", status: "given", givenOn: today, method: "written", note: null },
      {
        personId: narmin,
        purpose: "participation",
        status: "given",
        givenOn: "2020-01-10",
        method: "written",
        note: null,
      },
      {
        personId: narmin,
        purpose: "photos",
        status: "given",
        givenOn: today,
        method: "written",
        note: "Без фото, пожалуйста",
      },
      {
        personId: aygun?.id,
        purpose: "participation",
        status: "given",
        givenOn: "2024-03-01",
        method: "verbal",
        note: null,
      },
      {
        personId: aygun?.id,
        purpose: "photos",
        status: "refused",
        givenOn: "2024-03-01",
        method: "verbal",
        note: null,
      },
    ]);
    // Who recorded them: the coordinator who ran the import.
    const [written] = await t.db.select().from(consents).where(eq(consents.personId, rashad));
    expect(written?.updatedBy).toBe(record.createdBy);

    expect((await coordinator.post(`/imports/${id}/undo`)).status).toBe(303);
    expect((await finished(id)).status).toBe("undone");
    expect(await t.db.$count(people, eq(people.email, "aygun@example.az"))).toBe(0);
    expect(await consentsOf([rashad, narmin])).toEqual([
      {
        personId: narmin,
        purpose: "participation",
        status: "given",
        givenOn: "2020-01-10",
        method: "written",
        note: null,
      },
      {
        personId: narmin,
        purpose: "photos",
        status: "refused",
        givenOn: "2020-01-10",
        method: "written",
        note: "Без фото, пожалуйста",
      },
    ]);
  });

  it("will not undo an answer someone changed since the import, and names the person", async () => {
    const elnur = await insertPerson(t.db, { fullName: "Elnur Qasimov", email: "elnur@example.az" });
    const text = "Name,Email,Photo consent\r\nElnur Qasimov,elnur@example.az,yes\r\n";
    const id = idOf(await upload(new TextEncoder().encode(text), "photos.csv"));
    const columns = await guessedColumns(id);
    expect(columns["column-2"]).toBe("consent_photos");
    await coordinator.post(`/imports/${id}/map`, { encoding: "utf-8", delimiter: ",", ...columns });
    await coordinator.post(`/imports/${id}/run`);
    expect((await finished(id)).status).toBe("done");

    // Someone records a withdrawal on the person's page afterwards.
    await t.db
      .update(consents)
      .set({ status: "withdrawn", version: 2 })
      .where(and(eq(consents.personId, elnur), eq(consents.purpose, "photos")));
    const undo = await coordinator.post(`/imports/${id}/undo`);
    expect(await undo.text()).toContain("Elnur Qasimov");
    expect((await finished(id)).status).toBe("done");
    expect((await consentsOf([elnur])).map((row) => row.status)).toEqual(["withdrawn"]);
  });
});

describe("a sign-in sheet with a photo consent column", () => {
  it("records the answers of the people it adds to the roster, shows them there, and undo removes them", async () => {
    const activityId = await insertActivity(t.db, { title: "Media Workshop", startDate: "2024-04-10" });
    const text = [
      "Name,Email,Photo consent,Consent date",
      "Gunel Rahimova,gunel@example.az,yes,2024-04-10",
      "Samir Abdullayev,samir@example.az,no,10/04/2024",
      "",
    ].join("\n");
    const form = new FormData();
    form.set("kind", "participants");
    form.set("activityId", String(activityId));
    form.set("file", new File([new TextEncoder().encode(text)], "sign-in.csv", { type: "text/csv" }));
    const id = idOf(await coordinator.request("/imports", { method: "POST", body: form }));
    const columns = await guessedColumns(id);
    expect(Object.values(columns)).toEqual(["full_name", "email", "consent_photos", "consent_date"]);
    await coordinator.post(`/imports/${id}/map`, { encoding: "utf-8", delimiter: ",", ...columns });
    const preview = await (await coordinator.get(`/imports/${id}/preview`)).text();
    expect(preview.slice(preview.indexOf('id="consents-title"'))).toMatch(
      /<th scope="row">Photos<\/th><td class="number">1<\/td><td class="number">1<\/td>/,
    );
    await coordinator.post(`/imports/${id}/run`);
    expect((await finished(id)).status).toBe("done");

    const rosterPage = await (await coordinator.get(`/activities/${activityId}/participants`)).text();
    const rowOf = (name: string) => {
      const start = rosterPage.indexOf(`>${name}</a>`);
      return rosterPage.slice(start, rosterPage.indexOf("</tr>", start)).replace(/<[^>]+>/g, "|");
    };
    expect(rowOf("Gunel Rahimova")).toMatch(/\|Given\|/);
    expect(rowOf("Samir Abdullayev")).toMatch(/\|Refused\|/);
    const added = await t.db
      .select({ id: people.id })
      .from(people)
      .where(inArray(people.email, ["gunel@example.az", "samir@example.az"]));
    expect((await consentsOf(added.map((row) => row.id))).map((row) => [row.status, row.givenOn])).toEqual(
      expect.arrayContaining([
        ["given", "2024-04-10"],
        ["refused", "2024-04-10"],
      ]),
    );

    expect((await coordinator.post(`/imports/${id}/undo`)).status).toBe(303);
    expect((await finished(id)).status).toBe("undone");
    expect(await consentsOf(added.map((row) => row.id))).toEqual([]);
  });
});
