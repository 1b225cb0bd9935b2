/** The import wizard through the app: upload, map, preview, import in the background, rejected lines, undo; refusals. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affiliations, importLines, imports, organizations, people } from "../../src/db/schema";
import { organizationSearchColumns, personSearchColumns } from "../../src/directory/search-columns";
import { fixtureBytes as fixture } from "../fixtures/imports/files";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertOrganization, insertPerson } from "../helpers/records";

let t: TestApp;
let staff: Client;
let coordinator: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
});
afterAll(async () => {
  await t?.close();
});

function upload(
  client: Client,
  bytes: Uint8Array,
  fileName: string,
  kind = "people",
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  form.set("kind", kind);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type: "text/csv" }));
  return client.request("/imports", { method: "POST", body: form });
}

const idOf = (response: Response) => Number((response.headers.get("location") ?? "").split("/")[2]);

async function finished(id: number) {
  for (let i = 0; i < 200; i++) {
    const [record] = await t.db.select().from(imports).where(eq(imports.id, id));
    if (record && record.status !== "running" && record.status !== "previewed") return record;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the import did not finish");
}

describe("the wizard", () => {
  it("reads a Windows-1251 file, maps its Russian headers, previews, imports, offers the rejected line, and undoes", async () => {
    const uploaded = await upload(coordinator, fixture("people_ru_cp1251_semicolon.csv"), "участники.csv");
    expect(uploaded.status).toBe(303);
    const id = idOf(uploaded);
    const map = await (await coordinator.get(`/imports/${id}/map`)).text();
    expect(map).toContain('<option value="windows-1251" selected');
    expect(map).toContain('<option value=";" selected');
    expect(map).toContain("Фамилия Имя");
    expect(map).toMatch(/name="column-0"[\s\S]*?<option value="full_name" selected/);

    const columns = Object.fromEntries(
      ["full_name", "organization", "position", "phone", "email", "city", "country", "gender", "notes"].map(
        (key, index) => [`column-${index}`, key],
      ),
    );
    const mapped = await coordinator.post(`/imports/${id}/map`, {
      encoding: "windows-1251",
      delimiter: ";",
      ...columns,
    });
    expect(mapped.status).toBe(303);
    const preview = await (await coordinator.get(`/imports/${id}/preview`)).text();
    expect(preview).toContain("Nothing has been written yet");
    expect(preview).toContain("This is not an email address.");
    expect(preview).toContain("gunay@@sample.az");
    expect(await t.db.$count(people)).toBe(0);

    expect((await coordinator.post(`/imports/${id}/run`)).status).toBe(303);
    const record = await finished(id);
    expect(record.status).toBe("done");
    expect(record.counts).toMatchObject({ created: 5, rejected: 1 });
    expect(await t.db.$count(people)).toBe(5);

    const csv = await coordinator.get(`/imports/${id}/rejected.csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder().decode(bytes);
    expect(body).toContain("Оруджева Гюнай");
    expect(body).toContain("This is not an email address.");

    const undone = await coordinator.post(`/imports/${id}/undo`);
    expect(undone.status).toBe(303);
    expect(await t.db.$count(people)).toBe(0);
  });

  it("reads a list saved by Excel on Azerbaijani-Latin Windows (1254), shows each reading, and refuses the name whose ə became ?", async () => {
    const uploaded = await upload(
      coordinator,
      fixture("people_az_latin_cp1254_semicolon.csv"),
      "iştirakçılar.csv",
    );
    expect(uploaded.status).toBe(303);
    const id = idOf(uploaded);
    const map = await (await coordinator.get(`/imports/${id}/map`)).text();
    expect(map).toContain('<option value="windows-1254" selected');
    expect(map).toContain("Ağayev Şahin");
    // The first line of data with other letters, as each code page reads it: the chosen one marked, 1252's corruption
    // beside it.
    expect(map).toMatch(/<li aria-current="true"><span class="reading-encoding">Windows-1254[^<]*<strong>/);
    expect(map).toContain("Ağayev Şahin;Gence Regional İnkişaf Merkezi;Sedr;");
    expect(map).toContain("Aðayev Þahin;Gence Regional Ýnkiþaf Merkezi;Sedr;");
    // Headers as Excel wrote them without ə ("Teşkilat", "Vezife") still find their fields.
    expect(map).toMatch(/name="column-1"[\s\S]*?<option value="organization" selected/);
    expect(map).toMatch(/name="column-2"[\s\S]*?<option value="position" selected/);

    const columns = Object.fromEntries(
      ["full_name", "organization", "position", "phone", "email"].map((key, index) => [
        `column-${index}`,
        key,
      ]),
    );
    expect(
      (await coordinator.post(`/imports/${id}/map`, { encoding: "windows-1254", delimiter: ";", ...columns }))
        .status,
    ).toBe(303);
    const preview = await (await coordinator.get(`/imports/${id}/preview`)).text();
    expect(preview).toContain("M?mm?dov Elçin");
    expect(preview).toContain("Save the list as “CSV UTF-8” and import it again");

    expect((await coordinator.post(`/imports/${id}/run`)).status).toBe(303);
    const record = await finished(id);
    expect(record.counts).toMatchObject({ created: 4, rejected: 1 });
    const names = (await t.db.select({ name: people.fullName }).from(people)).map((row) => row.name);
    expect(names).toEqual(
      expect.arrayContaining(["Ağayev Şahin", "İsmayılova Gülşen", "Quliyev Tofiq", "Hüseynova Aygün"]),
    );
    expect(names.some((name) => name.includes("?"))).toBe(false);
    expect((await coordinator.post(`/imports/${id}/undo`)).status).toBe(303);
  });

  it("reads the file again in the encoding the coordinator chooses, and refuses one it does not know (400)", async () => {
    const id = idOf(await upload(coordinator, fixture("people_az_latin_cp1254_semicolon.csv"), "list.csv"));
    const reread = await coordinator.post(`/imports/${id}/map`, { encoding: "windows-1252", delimiter: ";" });
    expect(reread.status).toBe(303);
    const map = await (await coordinator.get(`/imports/${id}/map`)).text();
    expect(map).toContain('<option value="windows-1252" selected');
    expect(map).toContain("Aðayev Þahin");
    // ISO-8859-9 is the same code page under another name.
    expect(
      (await coordinator.post(`/imports/${id}/map`, { encoding: "ISO-8859-9", delimiter: ";" })).status,
    ).toBe(303);
    expect(await (await coordinator.get(`/imports/${id}/map`)).text()).toContain(
      '<option value="windows-1254" selected',
    );
    expect(
      (await coordinator.post(`/imports/${id}/map`, { encoding: "ebcdic", delimiter: ";" })).status,
    ).toBe(400);
  });

  it("keeps the directory's differing values unless the coordinator ticks the field on the preview", async () => {
    const fullName = "Rəşad Kərimov";
    const id = await insertPerson(t.db, {
      fullName,
      email: "rashad@keep.az",
      city: "Bakı",
      birthYear: 1980,
      ...personSearchColumns({ fullName, otherNames: [], email: "rashad@keep.az" }),
    });
    const file = "Name;Email;City;Birth year\r\nRashad Karimov;rashad@keep.az;Gəncə;1981\r\n";
    const importId = idOf(await upload(coordinator, new TextEncoder().encode(file), "keep.csv"));
    const columns = {
      "column-0": "full_name",
      "column-1": "email",
      "column-2": "city",
      "column-3": "birth_year",
    };
    await coordinator.post(`/imports/${importId}/map`, { encoding: "utf-8", delimiter: ";", ...columns });

    const preview = await (await coordinator.get(`/imports/${importId}/preview`)).text();
    expect(preview).toContain("Values that differ from the directory");
    expect(preview).toMatch(/<del>Bakı<\/del> → <ins>Gəncə<\/ins>/);
    expect(preview).toMatch(/<input type="checkbox" name="overwrite-city" value="on"\/>/);

    // Staff may not choose; a coordinator ticks the city only.
    expect((await staff.post(`/imports/${importId}/overwrite`, { "overwrite-city": "on" })).status).toBe(403);
    const chosen = await coordinator.post(`/imports/${importId}/overwrite`, {
      "overwrite-city": "on",
      "overwrite-<b>": "on",
    });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get("location")).toBe(`/imports/${importId}/preview`);
    const again = await (await coordinator.get(`/imports/${importId}/preview`)).text();
    expect(again).toMatch(/<input type="checkbox" name="overwrite-city" value="on" checked=""\/>/);
    expect(again).toMatch(/<input type="checkbox" name="overwrite-birthYear" value="on"\/>/);

    expect((await coordinator.post(`/imports/${importId}/run`)).status).toBe(303);
    expect((await finished(importId)).status).toBe("done");
    const [stored] = await t.db.select().from(people).where(eq(people.id, id));
    expect(stored).toMatchObject({ fullName, city: "Gəncə", birthYear: 1980 });
    // Once run, the choice can no longer change what it did.
    expect(
      (await coordinator.post(`/imports/${importId}/overwrite`, { "overwrite-birthYear": "on" })).headers.get(
        "location",
      ),
    ).toBe(`/imports/${importId}`);
    expect((await coordinator.post(`/imports/${importId}/undo`)).status).toBe(303);
  });

  it("lists the organisations it would create with the one each resembles, and links people to the one chosen instead", async () => {
    const existing = await insertOrganization(t.db, "Gəncə Regional İnkişaf Mərkəzi");
    await t.db
      .update(organizations)
      .set(organizationSearchColumns({ name: "Gəncə Regional İnkişaf Mərkəzi" }))
      .where(eq(organizations.id, existing));
    const file =
      "Name;Email;Organisation\r\nAysel Quliyeva;aysel@gence.az;Gence Regional Inkisaf Merkezi\r\n" +
      "Nigar Bağırova;nigar@sheki.az;Şəki Gənclər Birliyi\r\n";
    const importId = idOf(await upload(coordinator, new TextEncoder().encode(file), "orgs.csv"));
    await coordinator.post(`/imports/${importId}/map`, {
      encoding: "utf-8",
      delimiter: ";",
      "column-0": "full_name",
      "column-1": "email",
      "column-2": "organization",
    });
    const preview = await (await coordinator.get(`/imports/${importId}/preview`)).text();
    expect(preview).toContain("2 organisations to create");
    expect(preview).toMatch(/<legend>Gence Regional Inkisaf Merkezi \(lines 2\)<\/legend>/);
    expect(preview).toContain(
      `<input type="radio" name="org-0" value="${existing}"/>It is “Gəncə Regional İnkişaf Mərkəzi”, already in the directory`,
    );
    const organizationsBefore = await t.db.$count(organizations);
    // "Or it is this organisation": its typeahead answers into its own list.
    const suggested = await coordinator.get(
      `/organizations/suggestions?list=org-0-suggestions&field=org-0-other&org-0-other=Regional`,
    );
    expect(await suggested.text()).toMatch(
      /<datalist id="org-0-suggestions">.*Gəncə Regional İnkişaf Mərkəzi/,
    );

    // Staff may not choose; a name not in the directory changes nothing and says so.
    expect(
      (await staff.post(`/imports/${importId}/organizations`, { "org-0-key": "x", "org-0": "1" })).status,
    ).toBe(403);
    const [first, second] = [...preview.matchAll(/name="org-(\d)-key" value="([^"]*)"/g)].map(
      (m) => m[2] ?? "",
    );
    const unknown = await coordinator.post(`/imports/${importId}/organizations`, {
      "org-1-key": second ?? "",
      "org-1": "new",
      "org-1-other": "Nowhere Association",
    });
    expect(unknown.status).toBe(303);
    const flashed = await (await coordinator.get(`/imports/${importId}/preview`)).text();
    expect(flashed).toContain("No organisation named “Nowhere Association” is in the directory");
    expect(flashed).toContain("2 organisations to create");

    // The first is the one it resembles: one organisation to create now, and the run agrees with the preview.
    await coordinator.post(`/imports/${importId}/organizations`, {
      "org-0-key": first ?? "",
      "org-0": String(existing),
      "org-1-key": second ?? "",
      "org-1": "new",
    });
    const chosen = await (await coordinator.get(`/imports/${importId}/preview`)).text();
    expect(chosen).toContain("1 organisation to create");
    expect(chosen).toMatch(/<dt>New organisations<\/dt><dd>1<\/dd>/);
    expect(chosen).toContain(`<input type="radio" name="org-1" value="${existing}" checked=""/>`);
    expect((await coordinator.post(`/imports/${importId}/run`)).status).toBe(303);
    const done = await finished(importId);
    expect(done.counts).toMatchObject({ created: 2, organizationsCreated: 1 });
    expect(await t.db.$count(organizations)).toBe(organizationsBefore + 1);
    const [aysel] = await t.db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.email, "aysel@gence.az"));
    const links = await t.db
      .select()
      .from(affiliations)
      .where(eq(affiliations.personId, aysel?.id ?? 0));
    expect(links.map((link) => link.organizationId)).toEqual([existing]);
    expect((await coordinator.post(`/imports/${importId}/undo`)).status).toBe(303);
  });

  it("imports a workbook's first sheet as the spreadsheet shows it, says which sheet it read, and refuses a sheet it lacks", async () => {
    const book = fixture("people_az_workbook.xlsx");
    const missing = await upload(coordinator, book, "list.xlsx", "people", { sheet: "Sheet9" });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("The workbook has no sheet by that name or number.");

    const uploaded = await upload(coordinator, book, "iştirakçılar.xlsx");
    expect(uploaded.status).toBe(303);
    const id = idOf(uploaded);
    const map = await (await coordinator.get(`/imports/${id}/map`)).text();
    expect(map).toContain("Read the sheet “İştirakçılar”. The workbook&#39;s sheets: İştirakçılar, Qeydlər.");
    expect(map).toContain("0501234567");
    expect(map).toContain("02.03.1985");
    expect(map).toMatch(/name="column-2"[\s\S]*?<option value="phone" selected/);

    const columns = ["full_name", "organization", "phone", null, null, "birth_year", "email"];
    const mapping = Object.fromEntries(
      columns.flatMap((key, index) => (key ? [[`column-${index}`, key]] : [])),
    );
    await coordinator.post(`/imports/${id}/map`, { encoding: "utf-8", delimiter: ",", ...mapping });
    expect((await coordinator.post(`/imports/${id}/run`)).status).toBe(303);
    expect((await finished(id)).counts).toMatchObject({ created: 3, rejected: 0 });
    const [sahin] = await t.db.select().from(people).where(eq(people.email, "sahin@sample.az"));
    expect(sahin).toMatchObject({ fullName: "Ağayev Şahin", birthYear: 1985 });
    // The national number keeps its leading zero, as the cell showed it.
    expect(sahin?.phone).toBe("0501234567");
    expect((await coordinator.post(`/imports/${id}/undo`)).status).toBe(303);
  });

  it("is for coordinators: staff are refused every step (403)", async () => {
    expect((await staff.get("/imports")).status).toBe(403);
    expect((await staff.get("/imports/new")).status).toBe(403);
    expect(
      (await upload(staff, fixture("organizations_utf8_bom.csv"), "orgs.csv", "organizations")).status,
    ).toBe(403);
  });

  it("reads the file when the mapping is saved; a preview without its lines asks for the mapping again", async () => {
    const id = idOf(
      await upload(coordinator, fixture("organizations_utf8_bom.csv"), "orgs.csv", "organizations"),
    );
    const map = await coordinator.post(`/imports/${id}/map`, { encoding: "utf-8", delimiter: "," });
    expect(map.headers.get("location")).toBe(`/imports/${id}/preview`);
    expect(await t.db.$count(importLines, eq(importLines.importId, id))).toBeGreaterThan(0);
    expect((await coordinator.get(`/imports/${id}/preview`)).status).toBe(200);
    // As an import mapped by an earlier release: mapped, nothing staged.
    await t.db.update(imports).set({ stagedFor: null }).where(eq(imports.id, id));
    const preview = await coordinator.get(`/imports/${id}/preview`);
    expect(preview.status).toBe(303);
    expect(preview.headers.get("location")).toBe(`/imports/${id}/map`);
    const page = await (await coordinator.get(`/imports/${id}/map`)).text();
    expect(page).toContain("Save the columns once more");
  });

  it("shows a file name with markup as text", async () => {
    const uploaded = await upload(
      coordinator,
      fixture("organizations_utf8_bom.csv"),
      '<img src=x onerror="alert(1)">.csv',
      "organizations",
    );
    const id = idOf(uploaded);
    const page = await (await coordinator.get(`/imports/${id}/map`)).text();
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;img src=x");
  });
});

describe("files that cannot be imported", () => {
  it("refuses a broken workbook, binary junk, a header of 10,000 columns and an empty file with a clear message (422), storing nothing", async () => {
    const before = await t.db.$count(imports);
    const cases: [Uint8Array, string][] = [
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), "This workbook could not be read"],
      [new Uint8Array(Array.from({ length: 400 }, (_, i) => (i * 37) % 256)), "not a CSV or text file"],
      [
        new TextEncoder().encode(`${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(",")}\n1,2\n`),
        "more than 200 columns",
      ],
      [new TextEncoder().encode("Name,Email\n"), "no rows under it"],
    ];
    for (const [bytes, message] of cases) {
      const response = await upload(coordinator, bytes, "bad.csv");
      expect(response.status, message).toBe(422);
      expect(await response.text(), message).toContain(message);
    }
    expect(await t.db.$count(imports)).toBe(before);
  });

  it("refuses a file over 50 MB with the limit in words (413)", async () => {
    const big = new Uint8Array(51 * 1024 * 1024).fill(0x61);
    const response = await upload(coordinator, big, "huge.csv");
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("larger than 50 MB");
  });
});
