/** Benchmark: directory search, list and detail on PostgreSQL with 100,000 people and 5,000 organisations in four scripts. */

import postgres from "postgres";
import { type Db, postgresDatabase } from "../../src/db/client";
import { organizations, people } from "../../src/db/schema";
import { organizationKinds, stakeholderTypes } from "../../src/db/schema/enums";
import { organizationSearchColumns, personSearchColumns } from "../../src/directory/search-columns";
import { listDuplicatePairs } from "../../src/merge/pairs";
import { listOrganizations } from "../../src/organizations/queries";
import { organizationFiltersSchema } from "../../src/organizations/validation";
import { getPerson, listPeople } from "../../src/people/queries";
import { peopleFiltersSchema } from "../../src/people/validation";
import { foldText } from "../../src/text/search-text";
import {
  createBenchDatabase,
  measure,
  percentile,
  printColumns,
  prng,
  runs,
  type Sample,
  signedInClient,
} from "./harness";

const peopleCount = Number(process.env.PEOPLE ?? 100_000);
const organizationCount = Number(process.env.ORGANIZATIONS ?? 5_000);
const targetMs = 50;
// PostgreSQL takes at most 65,535 parameters per statement: 5,000 rows × 12 columns stays under it.
const chunkSize = 5_000;

const random = prng(20_240_917);
const digits = (count: number) => Array.from({ length: count }, () => random.int(10)).join("");

// Given names: 20 male then 20 female. The first 10 of each half, and the first 20 family names, are the same names in
// Azerbaijani Latin and in Cyrillic, so those people can carry their name in the other script too.
const words = (text: string) => text.split(" ");
const scripts = {
  az: {
    given: words(
      "Əli Məmməd Hüseyn Rəşad Elvin Orxan Tural Kamran Fərid Elçin Anar Rauf Vüqar Nicat Samir Emin Ramil İlham Cavid Seymur Aysel Günel Nigar Leyla Səbinə Aynur Ülviyyə Nərmin Lamiyə Könül Şəbnəm Aytən Gülnar Fidan Sevinc Zəhra Nurlana Türkan Xədicə Röya",
    ),
    family: words(
      "Məmmədov Əliyev Hüseynov Həsənov Quliyev İsmayılov Abbasov Rəhimov Cəfərov Nəsirov Kərimov Əhmədov Bağırov Rzayev Mustafayev Süleymanov Qasımov Əsədov Babayev Musayev Orucov Nağıyev Sadıqov Hacıyev İbrahimov Vəliyev Zeynalov Əkbərov Ələkbərov Salmanov Şükürov Məhərrəmov Novruzov Bayramov Mehdiyev Paşayev Qafarov Heydərov Tağıyev Səfərov Rüstəmov Yusifov Kazımov Hümbətov Nəbiyev Əzizov Fərzəliyev Xəlilov Qurbanov Allahverdiyev Cavadov Eyvazov Şirinov Mirzəyev Əsgərov Talıbov Sultanov Rəsulov Vəzirov Həmidov",
    ),
    feminine: /(ov|ev)$/,
    suffix: "a",
    country: "AZ",
    phone: () => `+994${random.pick(["50", "51", "55", "70", "77"])}${digits(7)}`,
    cities: words("Bakı Gəncə Sumqayıt Mingəçevir Şəki Lənkəran Şirvan Naxçıvan Quba Qəbələ"),
  },
  ru: {
    given: words(
      "Али Мамед Гусейн Рашад Эльвин Орхан Турал Камран Фарид Эльчин Александр Дмитрий Сергей Андрей Алексей Иван Михаил Николай Руслан Игорь Айсель Гюнель Нигяр Лейла Сабина Айнур Ульвия Нармин Ламия Кёнуль Ольга Наталья Елена Анна Мария Татьяна Ирина Светлана Екатерина Юлия",
    ),
    family: words(
      "Мамедов Алиев Гусейнов Гасанов Кулиев Исмаилов Аббасов Рагимов Джафаров Насиров Керимов Ахмедов Багиров Рзаев Мустафаев Сулейманов Касумов Асадов Бабаев Мусаев Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв",
    ),
    feminine: /(ов|ев|ёв|ин)$/,
    suffix: "а",
    country: "RU",
    phone: () => `+79${digits(9)}`,
    cities: words(
      "Москва Санкт-Петербург Казань Новосибирск Екатеринбург Самара Ростов-на-Дону Краснодар Сочи Махачкала",
    ),
  },
  ka: {
    given: words(
      "გიორგი დავით ნიკოლოზ ლევან ირაკლი ზურაბ ალექსანდრე ლაშა გიგა თორნიკე ბექა ლუკა სანდრო დათო ვახტანგ შოთა ნოდარ თამაზ ოთარ მამუკა ნინო მარიამ ანა თამარ ეკატერინე ნათია სალომე ქეთევან მაკა ნანა ლიკა თეონა ხატია სოფო ელენე ნატო მაია ია ლელა ეკა",
    ),
    family: words(
      "ბერიძე კაპანაძე გელაშვილი მაისურაძე გიორგაძე ლომიძე წიკლაური ბოლქვაძე ნოზაძე ხუციშვილი შენგელია მიქელაძე ჯაფარიძე ტაბატაძე ქავთარაძე აბულაძე კვარაცხელია გოგოლაძე ჩიქოვანი ბაქრაძე მამულაშვილი დოლიძე კიკნაძე ჯავახიშვილი ხარაიშვილი მესხი ცერცვაძე ღლონტი ქობალია ჭანტურია გაბუნია ბარამიძე სამხარაძე ფხაკაძე ზოიძე მელაძე ჩხეიძე ხმალაძე თოდუა ჯანელიძე რუხაძე სურმანიძე კობახიძე ქარჩავა ნადირაძე ლორთქიფანიძე ჟვანია ღვინიაშვილი კახიძე ცხადაძე მჭედლიშვილი ბუაძე ჩაჩანიძე თავდგირიძე კვირიკაშვილი ქურდაძე გოგიბერიძე ფირცხალავა ნაჭყებია ბიწაძე",
    ),
    feminine: null,
    suffix: "",
    country: "GE",
    phone: () => `+9955${digits(8)}`,
    cities: words("თბილისი ქუთაისი ბათუმი რუსთავი გორი ზუგდიდი ფოთი თელავი ახალციხე მარნეული"),
  },
  hy: {
    given: words(
      "Արամ Արմեն Դավիթ Գևորգ Տիգրան Հայկ Նարեկ Արթուր Կարեն Վահե Սարգիս Հովհաննես Գագիկ Աշոտ Ռուբեն Սամվել Էդգար Գոռ Լևոն Վարդան Անահիտ Լուսինե Մարիամ Աննա Նարինե Արմինե Գայանե Սոնա Լիլիթ Տաթևիկ Աստղիկ Հասմիկ Սիրանուշ Մանե Էլեն Արփի Նունե Զարուհի Շուշան Մերի",
    ),
    family: words(
      "Սարգսյան Հովհաննիսյան Գրիգորյան Հարությունյան Խաչատրյան Կարապետյան Պետրոսյան Մկրտչյան Վարդանյան Գևորգյան Ավետիսյան Հակոբյան Մարգարյան Սահակյան Մանուկյան Ղազարյան Առաքելյան Պողոսյան Ստեփանյան Դավթյան Աբրահամյան Մովսիսյան Մելքոնյան Ասատրյան Բաղդասարյան Մարտիրոսյան Սիմոնյան Ալեքսանյան Եղիազարյան Թադևոսյան Մինասյան Ներսիսյան Զաքարյան Օհանյան Ղուկասյան Համբարձումյան Ավագյան Բաբայան Գասպարյան Մուրադյան Շահինյան Ադամյան Աղաջանյան Բարսեղյան Գալստյան Դանիելյան Եսայան Թորոսյան Իսրայելյան Կոստանյան Հայրապետյան Ղարիբյան Մնացականյան Նազարյան Չոբանյան Պապոյան Ռոստոմյան Սողոմոնյան Տոնոյան Քոչարյան",
    ),
    feminine: null,
    suffix: "",
    country: "AM",
    phone: () => `+374${random.pick(["91", "93", "94", "77", "99", "55"])}${digits(6)}`,
    cities: words("Երևան Գյումրի Վանաձոր Վաղարշապատ Աբովյան Կապան Հրազդան Արմավիր Գորիս Դիլիջան"),
  },
};
type Script = keyof typeof scripts;
const scriptShares: Script[] = ["az", "az", "az", "az", "ru", "ru", "ka", "ka", "hy", "hy"];
const mailDomains = words("gmail.com mail.ru box.az yahoo.com outlook.com ngo.az civil.ge ngo.am list.ru");
const tagWords = words("youth women idp media training alumni donor-contact speaker network-2024");

function personName(script: Script, givenIndex: number, familyIndex: number): string {
  const { given, family, feminine, suffix } = scripts[script];
  const surname = family[familyIndex] as string;
  const female = givenIndex >= 20 && feminine?.test(surname);
  return `${given[givenIndex]} ${female ? surname + suffix : surname}`;
}

function generatePerson() {
  const script = random.pick(scriptShares);
  const spec = scripts[script];
  const givenIndex = random.int(spec.given.length);
  const familyIndex = random.int(spec.family.length);
  const fullName = personName(script, givenIndex, familyIndex);
  const other = script === "az" ? "ru" : "az";
  const shared = (script === "az" || script === "ru") && givenIndex % 20 < 10 && familyIndex < 20;
  const otherNames = shared && random.next() < 0.3 ? [personName(other, givenIndex, familyIndex)] : [];
  const folded = foldText(fullName).split(" ");
  const email =
    random.next() < 0.8
      ? `${folded.join(".")}${random.int(100)}@${random.pick(mailDomains)}`.replace(/[^a-z0-9.@-]/g, "")
      : null;
  const phone = random.next() < 0.7 ? spec.phone() : null;
  const stakeholderType = random.pick(stakeholderTypes);
  const city = random.pick(spec.cities);
  const tags = random.next() < 0.3 ? [random.pick(tagWords)] : [];
  // Drawn for the single consent people had before purposes (decision 24), so the network stays the one measured.
  random.next();
  return {
    fullName,
    otherNames,
    gender: givenIndex < 20 ? ("male" as const) : ("female" as const),
    stakeholderType,
    email,
    phone,
    city,
    country: spec.country,
    tags,
    ...personSearchColumns({ fullName, otherNames, email, phone }),
    archivedAt: random.next() < 0.03 ? new Date() : null,
  };
}

const organizationWords: Record<Script, { subjects: string[]; types: string[]; pattern: string }> = {
  az: {
    subjects:
      "Gənclər|Qadınlar|Məcburi Köçkünlər|İnsan Hüquqları|Ekoloji|Hüquqi Yardım|Mədəniyyət|Təhsil".split("|"),
    types: "İctimai Birliyi|Mərkəzi|Assosiasiyası|Fondu|Şəbəkəsi|Klubu".split("|"),
    pattern: "{city} {subject} {type}",
  },
  ru: {
    subjects:
      "молодёжи|женщин|беженцев|защиты прав человека|экологии|правовой помощи|культуры|образования".split(
        "|",
      ),
    types: "Ассоциация|Центр|Фонд|Союз|Общество|Сеть".split("|"),
    pattern: "{type} {subject} «{city}»",
  },
  ka: {
    subjects:
      "ახალგაზრდული|ქალთა|დევნილთა|ადამიანის უფლებათა|ეკოლოგიური|იურიდიული დახმარების|კულტურის|განათლების".split(
        "|",
      ),
    types: "ასოციაცია|ცენტრი|ფონდი|კავშირი|ქსელი|კლუბი".split("|"),
    pattern: "{city} {subject} {type}",
  },
  hy: {
    subjects:
      "Երիտասարդական|Կանանց|Փախստականների|Մարդու իրավունքների|Բնապահպանական|Իրավական օգնության|Մշակութային|Կրթական".split(
        "|",
      ),
    types: "ասոցիացիա|կենտրոն|հիմնադրամ|միություն|ցանց|ակումբ".split("|"),
    pattern: "{city} {subject} {type}",
  },
};

function generateOrganization(index: number) {
  const script = random.pick(scriptShares);
  const spec = scripts[script];
  const { subjects, types, pattern } = organizationWords[script];
  const city = random.pick(spec.cities);
  const name = pattern
    .replace("{city}", city)
    .replace("{subject}", random.pick(subjects))
    .replace("{type}", random.pick(types));
  const email = random.next() < 0.7 ? `info${index}@${random.pick(mailDomains)}` : null;
  const phone = random.next() < 0.6 ? spec.phone() : null;
  return {
    name,
    kind: random.pick(organizationKinds),
    country: spec.country,
    city,
    email,
    phone,
    tags: random.next() < 0.3 ? [random.pick(tagWords)] : [],
    ...organizationSearchColumns({ name, email, phone }),
    archivedAt: random.next() < 0.03 ? new Date() : null,
  };
}

async function insertInChunks<T>(
  count: number,
  make: (index: number) => T,
  insert: (rows: T[]) => Promise<unknown>,
) {
  for (let start = 0; start < count; start += chunkSize) {
    const rows = Array.from({ length: Math.min(chunkSize, count - start) }, (_, i) => make(start + i));
    await insert(rows);
  }
}

type Result = {
  label: string;
  samples: Sample[];
  search: boolean;
  explain?: (input: string) => Promise<unknown>;
};

/** The input whose calls were slowest (by median): the one worth an EXPLAIN ANALYZE. */
function slowestInput(samples: Sample[]): string {
  const byInput = new Map<string, number[]>();
  for (const { input, ms } of samples) byInput.set(input, [...(byInput.get(input) ?? []), ms]);
  const medians = [...byInput].map(([input, times]) => [input, percentile(times, 0.5)] as const);
  return medians.sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
}

function printTable(results: Result[]) {
  const header = ["", "runs", "median ms", "p95 ms", "max ms", "matches (median)", `< ${targetMs} ms`];
  const lines = results.map(({ label, samples, search }) => {
    const ms = samples.map((s) => s.ms);
    const p95 = percentile(ms, 0.95);
    const verdict = p95 < targetMs ? "yes" : search ? "NO (target)" : "no";
    return [
      label,
      String(samples.length),
      percentile(ms, 0.5).toFixed(1),
      p95.toFixed(1),
      Math.max(...ms).toFixed(1),
      String(
        percentile(
          samples.map((s) => s.matches),
          0.5,
        ),
      ),
      verdict,
    ];
  });
  printColumns(header, lines);
}

const peopleSearches: Record<string, string[]> = {
  "Azerbaijani Latin": [
    "mammadov",
    "Məmmədov",
    "MAMMADOV",
    "aliyeva",
    "Hüseynov",
    "quliyev",
    "ələkbərov",
    "mamadov",
  ],
  Cyrillic: ["Мамедов", "мамедова", "Алиев", "Гусейнов", "Кузнецова", "Иванов Сергей", "Соколов", "Лебедев"],
  Georgian: [
    "giorgi",
    "გიორგი",
    "beridze",
    "ნინო კაპანაძე",
    "maisuradze",
    "shengelia",
    "tamar",
    "javakhishvili",
  ],
  Armenian: [
    "sargsyan",
    "Սարգսյան",
    "hovhannisyan",
    "grigoryan",
    "Անահիտ",
    "lusine",
    "khachatryan",
    "petrosyan",
  ],
  "email fragment": ["gmail.com", "@mail.ru", "aysel.mammadova", "box.az", "giorgi.beridze", "outlook"],
  "phone fragment": ["99450", "+99455", "+37491", "599", "1234", "+7916"],
};
const organizationSearches = [
  "gənclər",
  "qadınlar mərkəzi",
  "Ассоциация",
  "беженцев",
  "ახალგაზრდული",
  "kentron",
  "hüquq",
  "info12",
];

async function seedDirectory(db: Db) {
  const started = performance.now();
  await insertInChunks(peopleCount, generatePerson, (rows) => db.insert(people).values(rows));
  await insertInChunks(organizationCount, generateOrganization, (rows) =>
    db.insert(organizations).values(rows),
  );
  // VACUUM as well as ANALYZE: autovacuum would do it on a live server after such a load, and until it has run
  // PostgreSQL cannot use index-only scans, so the figures would be worse than in steady state.
  await db.execute("vacuum analyze");
  return performance.now() - started;
}

/** Prints the plans of the queries `run` sends (the counts and the page), as PostgreSQL executes them. */
async function explainQuery(url: string, run: (db: Db) => Promise<unknown>) {
  const captured: { query: string; parameters: unknown[] }[] = [];
  const traced = postgresDatabase(url, 1, {
    debug: (_connection, query, parameters) => captured.push({ query, parameters }),
  });
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await run(traced.db);
    // postgres.js first reads the server's array types from pg_type: not ours.
    for (const { query, parameters } of captured.filter(({ query }) => !query.includes("pg_type"))) {
      const plan = await raw.unsafe(`explain (analyze, buffers) ${query}`, parameters as never[]);
      console.log(`${query}\n${plan.map((row) => row["QUERY PLAN"]).join("\n")}\n`);
    }
  } finally {
    await traced.close();
    await raw.end();
  }
}

async function main() {
  const bench = await createBenchDatabase();
  const database = postgresDatabase(bench.url);
  try {
    await database.migrate();
    const { db } = database;
    const seedMs = await seedDirectory(db);
    const [version] = (await db.execute("show server_version")) as unknown as { server_version: string }[];
    console.log(
      `PostgreSQL ${version?.server_version}, database ${bench.name}: ${peopleCount} people and ${organizationCount} organisations generated and inserted in ${(seedMs / 1000).toFixed(1)} s.`,
    );

    const results: Result[] = [];
    const searchPeople = (target: Db) => async (q: string) =>
      (await listPeople(target, peopleFiltersSchema.parse({ q }))).total;
    for (const [script, inputs] of Object.entries(peopleSearches)) {
      results.push({
        label: `listPeople q: ${script}`,
        samples: await measure(inputs, searchPeople(db)),
        search: true,
        explain: (q) => explainQuery(bench.url, (traced) => searchPeople(traced)(q)),
      });
    }
    const allSearches = results.flatMap((result) => result.samples);
    results.push({ label: "listPeople q: all of the above", samples: allSearches, search: true });
    for (const page of [1, 100]) {
      const listPage = (target: Db) => async () =>
        (await listPeople(target, peopleFiltersSchema.parse({ page: String(page) }))).total;
      results.push({
        label: `listPeople, no q, page ${page}`,
        samples: await measure([`page ${page}`], listPage(db)),
        search: false,
        explain: () => explainQuery(bench.url, (traced) => listPage(traced)()),
      });
    }
    const searchOrganizations = (target: Db) => async (q: string) =>
      (await listOrganizations(target, organizationFiltersSchema.parse({ q }))).total;
    results.push({
      label: "listOrganizations q",
      samples: await measure(organizationSearches, searchOrganizations(db)),
      search: true,
      explain: (q) => explainQuery(bench.url, (traced) => searchOrganizations(traced)(q)),
    });
    // The possible-duplicates page: every pair by email, phone or name key, best 100 (a few runs: it is not a search).
    results.push({
      label: "listDuplicatePairs (people, organisations)",
      samples: await measure(
        ["person", "organization"],
        async (kind) => (await listDuplicatePairs(db, kind as "person" | "organization")).length,
        6,
      ),
      search: false,
    });
    const ids = Array.from({ length: runs }, () => String(1 + random.int(peopleCount)));
    results.push({
      label: "getPerson",
      samples: await measure(ids, async (id) => ((await getPerson(db, Number(id))) ? 1 : 0)),
      search: false,
    });

    // The same through the whole app: session, CSRF, rendering, as a signed-in staff member's browser would see it.
    const { client } = await signedInClient(db, bench.url, "staff");
    const page = async (path: string) => {
      const response = await client.get(path);
      const html = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
      return html.length;
    };
    const everySearch = Object.values(peopleSearches).flat();
    results.push({
      label: "GET /people?q=… (all searches)",
      samples: await measure(everySearch, (q) => page(`/people?q=${encodeURIComponent(q)}`)),
      search: true,
    });
    results.push({ label: "GET /people (page 1)", samples: await measure(["/people"], page), search: false });
    results.push({
      label: "GET /people/:id",
      samples: await measure(ids, (id) => page(`/people/${id}`)),
      search: false,
    });

    console.log(
      `\nServer time in ms (Node + PostgreSQL on this machine), ${runs} timed runs each after one warm-up pass over the inputs.`,
    );
    console.log(`Target: a search answers in under ${targetMs} ms on the server with ${peopleCount} people.`);
    console.log('For GET rows, "matches" is the size of the HTML in characters.\n');
    printTable(results);

    for (const result of results) {
      const slow =
        percentile(
          result.samples.map((s) => s.ms),
          0.95,
        ) >= targetMs;
      if (!result.explain || !(slow || process.env.EXPLAIN === "all")) continue;
      const input = slowestInput(result.samples);
      console.log(`\nEXPLAIN ANALYZE, ${result.label}, slowest input ${JSON.stringify(input)}:`);
      await result.explain(input);
    }
  } finally {
    await database.close();
    await bench.finish();
  }
}

await main();
