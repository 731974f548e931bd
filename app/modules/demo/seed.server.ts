import { seedDemoActivity } from './activity-seed.server'
import type { Db } from '~/utils/db.server'
import type { AttendanceMode, SeminarMode } from '~/generated/prisma/client'
import { cancelRegistration, register, type QuestionAnswers } from '~/modules/registration/registrations.server'
import type { AskedQuestion } from '~/modules/questions/definitions'
import { ensureCategory } from '../categories/categories.server'
import { tokyoDayAt, tokyoWallClock } from '~/utils/time'
import { drawLottery } from '../lottery/draw.server'
import { saveLotterySettings } from '../lottery/settings.server'
import type { Priority } from '../lottery/method'

/*
 * Demo data for an empty database: programs (事業), seminars in every state the public list
 * shows, and registrations made through register() so seat counters and waiting lists are
 * exactly what the real flow produces. Everything is dated relative to `now` and deterministic
 * in content; all people, companies and corporate numbers are fictional, and every email is at
 * example.jp or example.com.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** `days`, moved forward to the next Monday–Friday in Japan. */
function weekday(now: Date, days: number): number {
  let d = days
  while ([0, 6].includes(tokyoWallClock(tokyoDayAt(now, d)).weekday)) d++
  return d
}

/** A 13-digit 法人番号: the check digit computed for a 12-digit base (see isValidCorporateNumber). */
function corporateNumber(base: string): string {
  let sum = 0
  for (let n = 1; n <= 12; n++) sum += Number(base[12 - n]) * (n % 2 === 1 ? 1 : 2)
  return `${9 - (sum % 9)}${base}`
}

// ---------------------------------------------------------------------------------------------
// Programs

type ProgramCode = 'IOT' | 'AIHR' | 'STARTUP' | 'GLOBAL' | 'MONO'

const PROGRAMS: Array<{ code: ProgramCode; name: string; nameEn: string; description: string }> = [
  {
    code: 'IOT',
    name: 'IoT推進コンソーシアム事業',
    nameEn: 'IoT Promotion Consortium Program',
    description:
      '産学官の連携により、AI・IoTなど先端技術のビジネス活用を促進します。普及啓発セミナーやテクニカルセミナーの開催、市内IT企業と他産業とのマッチングを行います。',
  },
  {
    code: 'AIHR',
    name: 'AI・IoT人材育成事業',
    nameEn: 'AI and IoT Talent Development Program',
    description:
      '市内企業の技術者や若手人材を対象に、データ分析や機械学習を実践的に学ぶ講座・研修を開催し、先端技術を扱う人材の育成を進めます。',
  },
  {
    code: 'STARTUP',
    name: '創業支援事業',
    nameEn: 'Startup Support Program',
    description:
      '創業のあらゆる段階に対応したセミナー、起業志望者向け講座、交流会を通じて、市内での創業と創業後の事業の成長を支援します。',
  },
  {
    code: 'GLOBAL',
    name: '海外展開支援事業',
    nameEn: 'Overseas Expansion Support Program',
    description:
      'アジアを中心とした海外への販路拡大を目指す市内事業者に、市場情報の提供、輸出に関する個別相談、現地バイヤーとの商談機会の創出を行います。',
  },
  {
    code: 'MONO',
    name: 'ものづくり産業振興事業',
    nameEn: 'Manufacturing Industry Promotion Program',
    description:
      '市内ものづくり企業の製品開発力・競争力の強化に向けて、デザイン戦略の普及啓発や、品質・衛生管理に関する勉強会を開催します。',
  },
]

// ---------------------------------------------------------------------------------------------
// Organizations and people

type Org = { name: string; corporateNumber: string | null; industry: string; inCity: boolean }

const ORGS = {
  hokkaiSeiki: {
    name: '株式会社北海精機',
    corporateNumber: corporateNumber('430001023517'),
    industry: 'E',
    inCity: true,
  },
  northern: {
    name: '株式会社ノーザンシステムズ',
    corporateNumber: corporateNumber('430001046782'),
    industry: 'G',
    inCity: true,
  },
  dataLab: {
    name: '合同会社さっぽろデータラボ',
    corporateNumber: corporateNumber('430003009214'),
    industry: 'G',
    inCity: true,
  },
  odoriFoods: {
    name: '株式会社大通フーズ',
    corporateNumber: corporateNumber('430001031958'),
    industry: 'E',
    inCity: true,
  },
  ishikari: {
    name: '有限会社石狩水産加工',
    corporateNumber: corporateNumber('430002004673'),
    industry: 'E',
    inCity: false,
  },
  logistics: {
    name: '株式会社ほっかいどうロジスティクス',
    corporateNumber: corporateNumber('430001058126'),
    industry: 'H',
    inCity: true,
  },
  suzuran: { name: '株式会社すずらん保険サービス', corporateNumber: null, industry: 'J', inCity: true },
  maruyama: { name: '株式会社円山デザイン工房', corporateNumber: null, industry: 'L', inCity: true },
  univ: { name: '北都工科大学', corporateNumber: null, industry: 'O', inCity: true },
  toyohira: { name: '株式会社豊平建設', corporateNumber: corporateNumber('430001017743'), industry: 'D', inCity: true },
  shirakaba: { name: '医療法人社団白樺会', corporateNumber: null, industry: 'P', inCity: true },
  jozankei: {
    name: '株式会社定山渓ホテルマネジメント',
    corporateNumber: corporateNumber('430001062390'),
    industry: 'M',
    inCity: true,
  },
  lilac: {
    name: '株式会社ライラック商事',
    corporateNumber: corporateNumber('430001039461'),
    industry: 'I',
    inCity: true,
  },
  tokachi: {
    name: '十勝ファーム株式会社',
    corporateNumber: corporateNumber('460101008326'),
    industry: 'A',
    inCity: false,
  },
  otaru: { name: '株式会社小樽ガラス工芸', corporateNumber: null, industry: 'E', inCity: false },
  kanko: { name: '一般社団法人さっぽろ観光まちづくり協会', corporateNumber: null, industry: 'R', inCity: true },
  aurora: { name: 'Aurora Data Inc.', corporateNumber: null, industry: 'G', inCity: true },
  novak: { name: 'Novak Trading LLC', corporateNumber: null, industry: 'I', inCity: false },
} satisfies Record<string, Org>

type Person = {
  name: string
  furigana: string
  email: string
  org?: keyof typeof ORGS
  /** For people without an organization. */
  industry?: string
  inCity?: boolean
  language?: 'ja' | 'en'
}

const PEOPLE = {
  sato: { name: '佐藤 健一', furigana: 'さとう けんいち', email: 'kenichi.sato@example.jp', org: 'hokkaiSeiki' },
  takahashi: { name: '高橋 美咲', furigana: 'たかはし みさき', email: 'm.takahashi@example.jp', org: 'hokkaiSeiki' },
  nakamura: { name: '中村 大輔', furigana: 'なかむら だいすけ', email: 'd.nakamura@example.jp', org: 'hokkaiSeiki' },
  ota: { name: '太田 航', furigana: 'おおた わたる', email: 'wataru.ota@example.jp', org: 'hokkaiSeiki' },
  suzuki: { name: '鈴木 翔太', furigana: 'すずき しょうた', email: 'shota.suzuki@example.jp', org: 'northern' },
  ito: { name: '伊藤 彩花', furigana: 'いとう あやか', email: 'ayaka.ito@example.jp', org: 'northern' },
  watanabe: { name: '渡辺 拓海', furigana: 'わたなべ たくみ', email: 't.watanabe@example.jp', org: 'northern' },
  nishimura: { name: '西村 圭', furigana: 'にしむら けい', email: 'kei.nishimura@example.jp', org: 'northern' },
  yamamoto: { name: '山本 直樹', furigana: 'やまもと なおき', email: 'naoki.yamamoto@example.jp', org: 'dataLab' },
  kobayashi: { name: '小林 優奈', furigana: 'こばやし ゆうな', email: 'yuna.kobayashi@example.jp', org: 'dataLab' },
  fujiwara: { name: '藤原 大樹', furigana: 'ふじわら だいき', email: 'daiki.fujiwara@example.jp', org: 'dataLab' },
  kato: { name: '加藤 真由美', furigana: 'かとう まゆみ', email: 'mayumi.kato@example.jp', org: 'odoriFoods' },
  yoshida: { name: '吉田 誠', furigana: 'よしだ まこと', email: 'makoto.yoshida@example.jp', org: 'odoriFoods' },
  fukuda: { name: '福田 幸子', furigana: 'ふくだ さちこ', email: 'sachiko.fukuda@example.jp', org: 'odoriFoods' },
  yamada: { name: '山田 隆', furigana: 'やまだ たかし', email: 't.yamada@example.jp', org: 'ishikari' },
  sasaki: { name: '佐々木 亮', furigana: 'ささき りょう', email: 'ryo.sasaki@example.jp', org: 'logistics' },
  yamaguchi: { name: '山口 恵', furigana: 'やまぐち めぐみ', email: 'megumi.yamaguchi@example.jp', org: 'logistics' },
  matsumoto: { name: '松本 和也', furigana: 'まつもと かずや', email: 'k.matsumoto@example.jp', org: 'suzuran' },
  inoue: { name: '井上 沙織', furigana: 'いのうえ さおり', email: 'saori.inoue@example.jp', org: 'maruyama' },
  kimura: { name: '木村 悠斗', furigana: 'きむら ゆうと', email: 'yuto.kimura@example.jp', org: 'maruyama' },
  ono: { name: '小野 早紀', furigana: 'おの さき', email: 'saki.ono@example.jp', org: 'maruyama' },
  hayashi: { name: '林 浩二', furigana: 'はやし こうじ', email: 'koji.hayashi@example.jp', org: 'univ' },
  shimizu: { name: '清水 楓', furigana: 'しみず かえで', email: 'kaede.shimizu@example.jp', org: 'univ' },
  saito: { name: '斎藤 健太', furigana: 'さいとう けんた', email: 'kenta.saito@example.jp', org: 'toyohira' },
  yamazaki: { name: '山崎 智子', furigana: 'やまざき ともこ', email: 'tomoko.yamazaki@example.jp', org: 'toyohira' },
  matsuda: { name: '松田 翼', furigana: 'まつだ つばさ', email: 'tsubasa.matsuda@example.jp', org: 'toyohira' },
  mori: { name: '森 由香', furigana: 'もり ゆか', email: 'yuka.mori@example.jp', org: 'shirakaba' },
  ikeda: { name: '池田 雄一', furigana: 'いけだ ゆういち', email: 'y.ikeda@example.jp', org: 'jozankei' },
  hashimoto: { name: '橋本 千尋', furigana: 'はしもと ちひろ', email: 'chihiro.hashimoto@example.jp', org: 'jozankei' },
  tamura: { name: '田村 亜美', furigana: 'たむら あみ', email: 'ami.tamura@example.jp', org: 'jozankei' },
  abe: { name: '阿部 康弘', furigana: 'あべ やすひろ', email: 'yasuhiro.abe@example.jp', org: 'lilac' },
  ishikawa: { name: '石川 奈々', furigana: 'いしかわ なな', email: 'nana.ishikawa@example.jp', org: 'lilac' },
  miura: { name: '三浦 順子', furigana: 'みうら じゅんこ', email: 'junko.miura@example.jp', org: 'lilac' },
  maeda: { name: '前田 修', furigana: 'まえだ おさむ', email: 'osamu.maeda@example.jp', org: 'tokachi' },
  fujita: { name: '藤田 里美', furigana: 'ふじた さとみ', email: 'satomi.fujita@example.jp', org: 'otaru' },
  goto: { name: '後藤 瑞穂', furigana: 'ごとう みずほ', email: 'mizuho.goto@example.jp', org: 'kanko' },
  okamoto: { name: '岡本 真理子', furigana: 'おかもと まりこ', email: 'mariko.okamoto@example.jp', org: 'kanko' },
  emily: { name: 'Emily Clarke', furigana: '', email: 'emily.clarke@example.com', org: 'aurora', language: 'en' },
  daniel: { name: 'Daniel Novak', furigana: '', email: 'daniel.novak@example.com', org: 'novak', language: 'en' },
  // People preparing to start a business: no organization yet.
  okada: { name: '岡田 舞', furigana: 'おかだ まい', email: 'mai.okada@example.com', industry: 'M', inCity: true },
  hasegawa: {
    name: '長谷川 遥',
    furigana: 'はせがわ はるか',
    email: 'haruka.hasegawa@example.com',
    industry: 'N',
    inCity: true,
  },
  murakami: {
    name: '村上 哲也',
    furigana: 'むらかみ てつや',
    email: 'tetsuya.murakami@example.com',
    industry: 'G',
    inCity: false,
  },
  kondo: { name: '近藤 美穂', furigana: 'こんどう みほ', email: 'miho.kondo@example.com', industry: 'I', inCity: true },
  sakamoto: {
    name: '坂本 陽介',
    furigana: 'さかもと ようすけ',
    email: 'yosuke.sakamoto@example.com',
    industry: 'T',
    inCity: false,
  },
  endo: { name: '遠藤 結衣', furigana: 'えんどう ゆい', email: 'yui.endo@example.com', industry: 'P', inCity: true },
  aoki: { name: '青木 紀子', furigana: 'あおき のりこ', email: 'noriko.aoki@example.com', industry: 'N', inCity: true },
  fujii: {
    name: '藤井 玲奈',
    furigana: 'ふじい れいな',
    email: 'reina.fujii@example.com',
    industry: 'O',
    inCity: true,
  },
  nakagawa: {
    name: '中川 葵',
    furigana: 'なかがわ あおい',
    email: 'aoi.nakagawa@example.com',
    industry: 'R',
    inCity: true,
  },
  nakano: {
    name: '中野 智美',
    furigana: 'なかの ともみ',
    email: 'tomomi.nakano@example.com',
    industry: 'I',
    inCity: true,
  },
  harada: {
    name: '原田 絢子',
    furigana: 'はらだ あやこ',
    email: 'ayako.harada@example.com',
    industry: 'M',
    inCity: true,
  },
} satisfies Record<string, Person>

type PersonKey = keyof typeof PEOPLE

/** A person, or a person who typed their email or company name differently this time. */
type Entry = PersonKey | { person: PersonKey; email?: string; organizationName?: string }

// ---------------------------------------------------------------------------------------------
// Seminars

type Venue = { name: string; address: string }

const CENTER_ADDRESS = '札幌市白石区東札幌5条1丁目1-1'
const ROOM_A: Venue = { name: 'さっぽろ産業振興センター 2階 セミナールームA', address: CENTER_ADDRESS }
const ROOM_B: Venue = { name: 'さっぽろ産業振興センター 2階 セミナールームB', address: CENTER_ADDRESS }
const SALON: Venue = { name: 'さっぽろ産業振興センター 1階 交流サロン', address: CENTER_ADDRESS }
const CONSULT: Venue = { name: 'さっぽろ産業振興センター 3階 相談室', address: CENTER_ADDRESS }
const ELECTRONICS: Venue = {
  name: '札幌市エレクトロニクスセンター 3階 研修室',
  address: '札幌市厚別区下野幌テクノパーク1丁目1-10',
}

type Time = [hour: number, minute: number]

type SeminarSpec = {
  program: ProgramCode
  title: string
  titleEn: string
  description: string
  category: 'セミナー' | '講座' | '研修' | '交流会' | '相談会'
  status: 'PUBLISHED' | 'DRAFT'
  mode: SeminarMode
  venue: Venue | null
  onlineUrl: string | null
  capacityInPerson: number | null
  capacityOnline: number | null
  waitlistEnabled: boolean
  /** JST days relative to `now`; registration opens at 10:00 and closes at 17:00 on those days. */
  opensDay: number
  closesDay: number
  sessions: Array<{ day: number; from: Time; to: Time; title?: string; venueName?: string }>
  materialsUrl?: string
  inPerson?: Entry[]
  online?: Entry[]
  /** Registrations later cancelled by the participant (their seat goes to the waiting list). */
  cancel?: PersonKey[]
  /**
   * Seats drawn by lottery (docs/decisions/0049-lottery.md): the registrations are applications
   * until the draw, at 12:00 JST on `drawDay`; a draw already past has run.
   */
  lottery?: { drawDay: number; priorities: Priority[] }
}

function seminarSpecs(now: Date): SeminarSpec[] {
  const day = (d: number) => weekday(now, d)

  // Past seminars (sessions in the last two months, registration closed).
  const dxDay = day(-34)
  const handsOnDay = day(-52)
  const bizModelDay = day(-12)
  // Upcoming.
  const exportConsultDay = day(4)
  const seriesDay = day(10)

  const base = { status: 'PUBLISHED', waitlistEnabled: true } as const
  return [
    {
      ...base,
      program: 'AIHR',
      title: 'AIハンズオン研修「画像認識モデルをつくってみよう」',
      titleEn: 'Hands-on AI Training: Build an Image Recognition Model',
      description:
        'Pythonの基礎知識がある市内IT企業の技術者を対象とした実践研修です。クラウド上の開発環境を使い、学習データの準備から画像分類モデルの作成・評価までを1日で体験します。講師は北都工科大学 情報科学部の研究者と市内AI企業のエンジニアです。ノートPCをご持参ください。',
      category: '研修',
      mode: 'IN_PERSON',
      venue: ELECTRONICS,
      onlineUrl: null,
      capacityInPerson: 20,
      capacityOnline: null,
      opensDay: handsOnDay - 40,
      closesDay: handsOnDay - 5,
      sessions: [{ day: handsOnDay, from: [10, 0], to: [17, 0] }],
      inPerson: [
        'suzuki',
        'watanabe',
        'kobayashi',
        'fujiwara',
        'nakamura',
        'ota',
        'shimizu',
        'hayashi',
        'murakami',
        'kimura',
        'yamazaki',
        'matsuda',
        'nishimura',
      ],
    },
    {
      ...base,
      program: 'IOT',
      title: 'DX普及促進セミナー＆ビジネスマッチング交流会',
      titleEn: 'DX Promotion Seminar and Business Matching Meetup',
      description:
        '市内中小企業の経営者・DX推進担当者を対象に、ITを活用した業務改善と新たなサービス創出の事例を紹介します。第1部では道内企業によるDX導入事例の講演、第2部では市内IT企業との個別マッチング交流会を行います。会場とオンラインのハイブリッド開催です（マッチング交流会は会場参加の方のみ）。参加費無料。',
      category: 'セミナー',
      mode: 'HYBRID',
      venue: ROOM_A,
      onlineUrl: 'https://example.zoom.us/j/83015274961?pwd=dxSeminarDemo',
      capacityInPerson: 30,
      capacityOnline: 80,
      opensDay: dxDay - 35,
      closesDay: dxDay - 2,
      sessions: [{ day: dxDay, from: [14, 0], to: [17, 0] }],
      materialsUrl: 'https://example.jp/jisseki-demo/materials/dx-seminar.pdf',
      inPerson: [
        { person: 'sato', email: 'Kenichi.Sato@Example.jp' },
        'suzuki',
        'yamamoto',
        'sasaki',
        'saito',
        'ikeda',
        'abe',
        'hayashi',
        'kimura',
        'nishimura',
        'yamaguchi',
        'matsuda',
        { person: 'ono', organizationName: '㈱円山デザイン工房' },
      ],
      online: [
        'takahashi',
        'ito',
        'kobayashi',
        'yoshida',
        'yamada',
        'matsumoto',
        'mori',
        'maeda',
        'fujita',
        'goto',
        'okamoto',
        'emily',
        'watanabe',
        'shimizu',
      ],
    },
    {
      ...base,
      program: 'STARTUP',
      title: '起業志望者向け講座「ビジネスモデルの基礎」',
      titleEn: 'Course for Aspiring Entrepreneurs: Business Model Basics',
      description:
        'これから起業を考えている方、創業間もない方を対象としたオンライン講座です。ビジネスモデル・キャンバスを使って、顧客・提供価値・収益の仕組みを整理する方法を演習形式で学びます。講師は中小企業診断士の創業相談員です。',
      category: '講座',
      mode: 'ONLINE',
      venue: null,
      onlineUrl: 'https://example.zoom.us/j/84427130586?pwd=bizModelDemo',
      capacityInPerson: null,
      capacityOnline: 50,
      opensDay: bizModelDay - 28,
      closesDay: bizModelDay - 1,
      sessions: [{ day: bizModelDay, from: [19, 0], to: [20, 30] }],
      online: [
        'okada',
        'hasegawa',
        'murakami',
        'kondo',
        'sakamoto',
        'endo',
        'aoki',
        'fujii',
        'nakagawa',
        'nakano',
        'harada',
        'daniel',
      ],
    },
    {
      // Upcoming, but registration has closed (受付終了).
      ...base,
      program: 'GLOBAL',
      title: '台湾・マレーシア向け食品輸出 個別相談会',
      titleEn: 'One-on-One Consultations on Food Exports to Taiwan and Malaysia',
      description:
        '台湾・マレーシアへの食品輸出を検討している市内食関連事業者を対象とした個別相談会です。現地駐在の食品専門アドバイザーが、市場動向や取引候補先、商品仕様・表示の注意点についてご相談に応じます。1社40分、定員8社（先着順）。',
      category: '相談会',
      mode: 'IN_PERSON',
      venue: CONSULT,
      onlineUrl: null,
      capacityInPerson: 8,
      capacityOnline: null,
      opensDay: -30,
      closesDay: -1,
      sessions: [{ day: exportConsultDay, from: [13, 0], to: [17, 0] }],
      inPerson: ['kato', 'fukuda', 'yamada', 'maeda', 'miura', 'ishikawa'],
    },
    {
      // 受付中, plenty of seats in both modes.
      ...base,
      program: 'IOT',
      title: 'AI普及啓発セミナー「生成AIで変わる中小企業の業務改善」',
      titleEn: 'AI Awareness Seminar: Improving SME Operations with Generative AI',
      description:
        'AIの活用を検討している市内企業の経営者・実務担当者を対象に、生成AIの基本と業務での使いどころを分かりやすく解説します。文書作成や問い合わせ対応への導入事例を、市内IT企業の担当者が紹介します。会場参加とオンライン参加からお選びいただけます。参加費無料。',
      category: 'セミナー',
      mode: 'HYBRID',
      venue: ROOM_A,
      onlineUrl: 'https://example.zoom.us/j/85290461837?pwd=genAiDemo',
      capacityInPerson: 40,
      capacityOnline: 100,
      opensDay: -21,
      closesDay: day(18) - 1,
      sessions: [{ day: day(18), from: [14, 0], to: [16, 0] }],
      inPerson: [
        'sato',
        'takahashi',
        'suzuki',
        'yamamoto',
        'kato',
        'sasaki',
        'inoue',
        'saito',
        'ikeda',
        'abe',
        'hayashi',
        'murakami',
      ],
      online: ['nakamura', 'ito', 'yoshida', 'yamada', 'matsumoto', 'maeda', 'fujita', 'emily', 'shimizu', 'fujiwara'],
    },
    {
      // 受付中, online only without a limit.
      ...base,
      program: 'IOT',
      title: 'テクニカルセミナー「エッジAIとIoTデータ活用の最前線」',
      titleEn: 'Technical Seminar: Edge AI and IoT Data in Practice',
      description:
        '市内IT企業の技術者を対象に、エッジデバイス上での推論やセンサーデータの収集・分析基盤など、最新の技術動向と開発手法を紹介します。IoT推進コンソーシアムAI研究部会との共催です。オンライン（Zoom）開催のため定員はありません。',
      category: 'セミナー',
      mode: 'ONLINE',
      venue: null,
      onlineUrl: 'https://example.zoom.us/j/86731958204?pwd=edgeAiDemo',
      capacityInPerson: null,
      capacityOnline: null,
      opensDay: -14,
      closesDay: day(9) - 1,
      sessions: [{ day: day(9), from: [16, 0], to: [17, 30] }],
      online: [
        'watanabe',
        'nishimura',
        'kobayashi',
        'fujiwara',
        'hayashi',
        'shimizu',
        'ota',
        'murakami',
        'daniel',
        'saito',
      ],
    },
    {
      // 受付中, 残りわずか: a weekly series of four sessions.
      ...base,
      program: 'AIHR',
      title: 'AI人材育成講座「実践的データ分析コース」（全4回）',
      titleEn: 'AI Talent Course: Practical Data Analysis (4 sessions)',
      description:
        '業務でデータ分析に取り組む市内企業の社員を対象とした全4回の連続講座です。Pythonによるデータ処理から可視化、機械学習モデルの作成と評価までを、毎週1回の演習で段階的に学びます。最終回では自社のデータを使った分析結果を発表します。原則として全回参加できる方がお申し込みください。',
      category: '講座',
      mode: 'IN_PERSON',
      venue: ROOM_A,
      onlineUrl: null,
      capacityInPerson: 20,
      capacityOnline: null,
      opensDay: -20,
      closesDay: seriesDay - 2,
      sessions: [
        { day: seriesDay, from: [18, 30], to: [20, 30], title: '第1回 Pythonによるデータ処理の基礎' },
        { day: seriesDay + 7, from: [18, 30], to: [20, 30], title: '第2回 データの可視化と探索的分析' },
        { day: seriesDay + 14, from: [18, 30], to: [20, 30], title: '第3回 回帰・分類モデルの作成と評価' },
        {
          day: seriesDay + 21,
          from: [18, 30],
          to: [20, 30],
          title: '第4回 自社データを使った分析演習と成果発表',
          venueName: ROOM_B.name,
        },
      ],
      inPerson: [
        'suzuki',
        'ito',
        'watanabe',
        'yamamoto',
        'kobayashi',
        'nakamura',
        'ota',
        'shimizu',
        'hayashi',
        'murakami',
        'kimura',
        'sasaki',
        'yamaguchi',
        'matsuda',
        'abe',
        'ishikawa',
        'nishimura',
      ],
    },
    {
      // 満席, キャンセル待ち受付中: one cancellation promoted the first waiting person.
      ...base,
      program: 'AIHR',
      title: '初心者向けエンジニア育成研修「機械学習入門」',
      titleEn: 'Engineer Training for Beginners: Introduction to Machine Learning',
      description:
        'AI開発に初めて取り組む若手エンジニアや、これからAI分野を学びたい方を対象とした少人数の研修です。機械学習の基本的な考え方と代表的な手法を、講義と演習を通じて学びます。講師は市内AI企業のデータサイエンティストです。定員に達した後はキャンセル待ちとして受け付け、空きが出た場合は順番にご案内します。',
      category: '研修',
      mode: 'IN_PERSON',
      venue: ELECTRONICS,
      onlineUrl: null,
      capacityInPerson: 12,
      capacityOnline: null,
      opensDay: -18,
      closesDay: day(12) - 1,
      sessions: [{ day: day(12), from: [13, 30], to: [17, 0] }],
      inPerson: [
        'takahashi',
        'ota',
        'kato',
        'yoshida',
        'yamazaki',
        'saito',
        'ikeda',
        'hashimoto',
        'miura',
        'okamoto',
        'ono',
        'tamura',
        // Waiting list:
        'fujiwara',
        'matsumoto',
        'kondo',
        'nishimura',
      ],
      cancel: ['yamazaki'],
    },
    {
      // 受付中.
      ...base,
      program: 'STARTUP',
      title: '創業者向けセミナー「はじめての事業計画書づくり」',
      titleEn: 'Seminar for Founders: Writing Your First Business Plan',
      description:
        '創業を予定している方、創業後5年未満の方を対象に、金融機関への融資申込みや補助金申請にも使える事業計画書の書き方を解説します。売上計画・資金計画の立て方を、記入例を使って具体的に学びます。講師はさっぽろ創業支援プラザの創業相談員です。',
      category: 'セミナー',
      mode: 'IN_PERSON',
      venue: ROOM_B,
      onlineUrl: null,
      capacityInPerson: 30,
      capacityOnline: null,
      opensDay: -16,
      closesDay: day(15) - 1,
      sessions: [{ day: day(15), from: [14, 0], to: [16, 0] }],
      inPerson: ['okada', 'hasegawa', 'murakami', 'kondo', 'sakamoto', 'endo', 'nakagawa', 'harada', 'aoki', 'daniel'],
      cancel: ['sakamoto'],
    },
    {
      // 満席, no waiting list.
      ...base,
      program: 'STARTUP',
      title: '女性起業家交流会',
      titleEn: "Women Entrepreneurs' Networking Meetup",
      description:
        '市内で起業した女性、起業を目指す女性を対象とした交流会です。先輩起業家による話題提供のあと、少人数のグループに分かれて事業の悩みや工夫を共有します。定員10名（先着順）。キャンセル待ちは受け付けておりません。',
      category: '交流会',
      mode: 'IN_PERSON',
      venue: SALON,
      onlineUrl: null,
      capacityInPerson: 10,
      capacityOnline: null,
      waitlistEnabled: false,
      opensDay: -14,
      closesDay: day(8) - 1,
      sessions: [{ day: day(8), from: [18, 30], to: [20, 0] }],
      inPerson: ['okada', 'hasegawa', 'kondo', 'endo', 'aoki', 'fujii', 'nakagawa', 'nakano', 'harada', 'inoue'],
    },
    {
      // 受付中, hybrid.
      ...base,
      program: 'MONO',
      title: 'ものづくり企業のための「デザイン戦略」セミナー',
      titleEn: 'Design Strategy Seminar for Manufacturers',
      description:
        '市内ものづくり企業の経営者・開発担当者を対象に、製品の企画段階からデザインを取り入れ、価格競争に陥らない製品づくりを進める「デザイン戦略」の考え方を紹介します。プロダクトデザイナーが、支援企業の製品開発事例を交えて解説します。会場・オンラインのどちらでも参加できます。',
      category: 'セミナー',
      mode: 'HYBRID',
      venue: ROOM_B,
      onlineUrl: 'https://example.zoom.us/j/87164025398?pwd=designDemo',
      capacityInPerson: 30,
      capacityOnline: 50,
      opensDay: -10,
      closesDay: day(22) - 1,
      sessions: [{ day: day(22), from: [15, 0], to: [17, 0] }],
      inPerson: ['nakamura', 'ota', 'fukuda', 'inoue', 'ono', 'kato'],
      online: ['yamada', 'fujita', 'maeda'],
    },
    {
      // 抽選: applications until the draw in three days, people of the city first.
      ...base,
      program: 'AIHR',
      title: '生成AI業務活用ワークショップ（応募多数の場合は抽選）',
      titleEn: 'Generative AI at Work: Hands-on Workshop (lottery if oversubscribed)',
      description:
        '文章作成・資料作成・データ整理など、日々の業務に生成AIを取り入れる方法を、実際に手を動かしながら学ぶ少人数のワークショップです。定員8名。応募多数の場合は抽選とし、市内の事業者の方を優先します。抽選結果は抽選日にメールでお知らせします。',
      category: '研修',
      mode: 'IN_PERSON',
      venue: ROOM_A,
      onlineUrl: null,
      capacityInPerson: 8,
      capacityOnline: null,
      opensDay: -6,
      closesDay: day(17) - 1,
      sessions: [{ day: day(17), from: [13, 30], to: [16, 30] }],
      inPerson: ['sato', 'ota', 'kato', 'yoshida', 'saito', 'ikeda', 'hashimoto', 'miura', 'okamoto', 'ono', 'fujita'],
      lottery: { drawDay: day(3), priorities: [{ kind: 'IN_CITY' }] },
    },
    {
      // 抽選済み: drawn two days ago; the drawn-out wait in drawn order, seats left go first come.
      ...base,
      program: 'STARTUP',
      title: '創業スクール「3日間で学ぶ起業の基本」（抽選）',
      titleEn: 'Startup School: The Basics of Starting a Business in Three Days (lottery)',
      description:
        '創業に必要な知識（事業計画、資金調達、販路開拓、税務・労務）を3日間で体系的に学ぶスクールです。定員6名、応募多数のため抽選を行いました。落選された方はキャンセル待ちとしてご案内しています。',
      category: '講座',
      mode: 'IN_PERSON',
      venue: ROOM_B,
      onlineUrl: null,
      capacityInPerson: 6,
      capacityOnline: null,
      opensDay: -20,
      closesDay: day(20) - 1,
      sessions: [
        { day: day(20), from: [13, 0], to: [17, 0], title: '第1日 事業計画と資金計画' },
        { day: day(20) + 7, from: [13, 0], to: [17, 0], title: '第2日 販路開拓とマーケティング' },
        { day: day(20) + 14, from: [13, 0], to: [17, 0], title: '第3日 税務・労務と創業手続き' },
      ],
      inPerson: ['okada', 'hasegawa', 'murakami', 'endo', 'nakagawa', 'harada', 'aoki', 'fujii', 'nakano'],
      lottery: { drawDay: -2, priorities: [] },
    },
    {
      // 受付前: published, registration opens in a week.
      ...base,
      program: 'GLOBAL',
      title: '海外展開セミナー「東南アジア市場への販路開拓入門」',
      titleEn: 'Overseas Expansion Seminar: Getting Started in Southeast Asian Markets',
      description:
        'アジアへの輸出や海外展開に関心のある市内事業者を対象に、ベトナム・マレーシア・シンガポールの市場特性と、商談会・テストマーケティングの活用方法を解説します。後半では、輸出に取り組んだ道内食品メーカーの担当者が、商品仕様の見直しや現地バイヤーとの商談の経験をお話しします。',
      category: 'セミナー',
      mode: 'HYBRID',
      venue: ROOM_A,
      onlineUrl: 'https://example.zoom.us/j/88502793164?pwd=aseanDemo',
      capacityInPerson: 40,
      capacityOnline: 100,
      opensDay: 7,
      closesDay: day(45) - 3,
      sessions: [{ day: day(45), from: [14, 0], to: [16, 30] }],
    },
    {
      // 下書き (not public yet).
      ...base,
      status: 'DRAFT',
      program: 'MONO',
      title: '食品安全認証（HACCP・JFS）取得支援勉強会',
      titleEn: 'Study Session on Food Safety Certification (HACCP and JFS)',
      description:
        'HACCPに沿った衛生管理や、JFS規格などの第三者認証の取得を検討している市内食品製造事業者を対象とした勉強会です。認証取得までの流れと必要な準備、認証を取得した企業の取組事例を紹介します。（内容調整中）',
      category: '研修',
      mode: 'IN_PERSON',
      venue: ROOM_B,
      onlineUrl: null,
      capacityInPerson: 30,
      capacityOnline: null,
      opensDay: 20,
      closesDay: day(60) - 3,
      sessions: [{ day: day(60), from: [14, 0], to: [16, 0] }],
    },
  ]
}

// ---------------------------------------------------------------------------------------------

/**
 * Fills an empty database with demo programs, seminars and registrations. Returns true when it
 * seeded; does nothing and returns false when any program exists.
 */
const DEMO_QUESTIONS = [
  {
    kind: 'ONE_CHOICE' as const,
    label: '最も関心のある分野',
    labelEn: 'Your main field of interest',
    required: true,
    choices: [
      ['製造・ものづくり', 'Manufacturing'],
      ['IT・デジタル', 'IT and digital'],
      ['販売・サービス', 'Sales and services'],
      ['その他', 'Other'],
    ],
  },
  {
    kind: 'MANY_CHOICES' as const,
    label: 'このセミナーを知ったきっかけ',
    labelEn: 'How you heard of this seminar',
    required: false,
    choices: [
      ['市の広報', "The city's newsletter"],
      ['メールマガジン', 'Newsletter by email'],
      ['SNS', 'Social media'],
      ['知人の紹介', 'A friend'],
    ],
  },
]

async function demoQuestions(db: Db, seminarId: string, now: Date): Promise<AskedQuestion[]> {
  const asked: AskedQuestion[] = []
  for (const [position, q] of DEMO_QUESTIONS.entries()) {
    const choices = q.choices.map(([label, labelEn], i) => ({ key: `c${i + 1}`, label, labelEn }))
    const row = await db.question.create({
      data: {
        seminarId,
        form: 'REGISTRATION',
        position: position + 1,
        kind: q.kind,
        label: q.label,
        labelEn: q.labelEn,
        choices: JSON.stringify(choices),
        required: q.required,
        createdAt: now,
      },
    })
    asked.push({
      id: row.id,
      kind: q.kind,
      label: q.label,
      labelEn: q.labelEn,
      choices,
      asSelect: false,
      required: q.required,
    })
  }
  return asked
}

/** The i-th registration's answers: the choices in turn, so every choice has some. */
function demoAnswers(questions: AskedQuestion[], i: number): QuestionAnswers {
  const [field, heard] = questions
  return {
    questions,
    values: {
      [field.id]: field.choices[i % field.choices.length].key,
      [heard.id]: heard.choices.filter((_, j) => (i + j) % 3 === 0).map((c) => c.key),
    },
  }
}

export async function seedDemoIfEmpty(db: Db, now: Date = new Date()): Promise<boolean> {
  if ((await db.program.count()) > 0) return false

  const programIds = new Map<ProgramCode, string>()
  for (const p of PROGRAMS) {
    const program = await db.program.create({ data: p })
    programIds.set(p.code, program.id)
  }

  // The managed list of seminar types, in this order, with English names (public pages in English).
  const categoryIds = new Map<SeminarSpec['category'], string>()
  for (const [name, nameEn] of [
    ['セミナー', 'Seminar'],
    ['講座', 'Course'],
    ['研修', 'Training'],
    ['交流会', 'Networking'],
    ['相談会', 'Consultation'],
  ] as const)
    categoryIds.set(name, await ensureCategory(db, name, nameEn))
  for (const spec of seminarSpecs(now)) {
    const opensAt = tokyoDayAt(now, spec.opensDay, 10)
    const closesAt = tokyoDayAt(now, spec.closesDay, 17)
    const published = spec.status === 'PUBLISHED'
    const seminar = await db.seminar.create({
      data: {
        programId: programIds.get(spec.program)!,
        title: spec.title,
        titleEn: spec.titleEn,
        description: spec.description,
        categoryId: categoryIds.get(spec.category)!,
        status: spec.status,
        mode: spec.mode,
        venueName: spec.venue?.name ?? null,
        venueAddress: spec.venue?.address ?? null,
        onlineUrl: spec.onlineUrl,
        capacityInPerson: spec.capacityInPerson,
        capacityOnline: spec.capacityOnline,
        waitlistEnabled: spec.waitlistEnabled,
        registrationOpensAt: opensAt,
        registrationClosesAt: closesAt,
        materialsUrl: spec.materialsUrl ?? null,
        publishedAt: published ? new Date(Math.min(opensAt.getTime() - 7 * DAY, now.getTime())) : null,
        sessions: {
          create: spec.sessions.map((s, i) => ({
            number: i + 1,
            title: s.title ?? null,
            startsAt: tokyoDayAt(now, s.day, ...s.from),
            endsAt: tokyoDayAt(now, s.day, ...s.to),
            venueName: s.venueName ?? null,
          })),
        },
      },
    })

    // Every seminar asks two questions of its own (docs/decisions/0046-questions.md), answered by
    // the demo's registrations in turn.
    const questions = await demoQuestions(db, seminar.id, now)
    const drawAt = spec.lottery ? tokyoDayAt(now, spec.lottery.drawDay, 12) : null
    if (spec.lottery && drawAt) {
      const settings = { drawAt, priorities: spec.lottery.priorities, confirmHours: null }
      await saveLotterySettings(db, seminar.id, settings, null, new Date(opensAt.getTime() - DAY))
    }

    const entries: Array<[Entry, AttendanceMode]> = [
      ...(spec.inPerson ?? []).map((e): [Entry, AttendanceMode] => [e, 'IN_PERSON']),
      ...(spec.online ?? []).map((e): [Entry, AttendanceMode] => [e, 'ONLINE']),
    ]
    if (entries.length === 0) continue
    // Registrations are spread over the part of the window that has passed, in list order (for a
    // lottery, the part before its draw).
    const windowEnd = Math.min(drawAt?.getTime() ?? closesAt.getTime(), now.getTime())
    const step = (windowEnd - opensAt.getTime()) / (entries.length + 2)
    const idByPerson = new Map<PersonKey, string>()
    for (const [i, [entry, mode]] of entries.entries()) {
      const { person: key, ...typed } = typeof entry === 'string' ? { person: entry } : entry
      const person: Person = PEOPLE[key]
      const org = person.org ? ORGS[person.org] : null
      const outcome = await register(
        db,
        {
          seminarId: seminar.id,
          name: person.name,
          furigana: person.furigana,
          email: typed.email ?? person.email,
          organizationName: typed.organizationName ?? org?.name ?? null,
          corporateNumber: org?.corporateNumber ?? null,
          industry: org?.industry ?? person.industry ?? null,
          inCity: org?.inCity ?? person.inCity ?? true,
          mode,
          language: person.language ?? 'ja',
          source: 'WEB',
          answers: demoAnswers(questions, i),
        },
        new Date(opensAt.getTime() + Math.round((i + 1) * step)),
      )
      idByPerson.set(key, outcome.id)
    }
    for (const key of spec.cancel ?? []) {
      await cancelRegistration(db, idByPerson.get(key)!, { by: 'PARTICIPANT' }, new Date(windowEnd - step / 2))
    }
    if (drawAt && drawAt <= now) await drawLottery(db, seminar.id, null, drawAt)
  }
  await seedDemoActivity(db, now)
  return true
}
