#include "store/demodata.h"

#include "domain/taxid.h"

#include <QHash>

#include <array>

using namespace Qt::StringLiterals;

namespace oblik::store::demo {

namespace {

struct FirstName
{
    const char16_t *name;
    const char16_t *patronymicMale;
    const char16_t *patronymicFemale;
};

// Male first names double as fathers' names for patronymics.
constexpr std::array<FirstName, 20> kMaleNames{{
    {u"Олександр", u"Олександрович", u"Олександрівна"},
    {u"Андрій", u"Андрійович", u"Андріївна"},
    {u"Сергій", u"Сергійович", u"Сергіївна"},
    {u"Володимир", u"Володимирович", u"Володимирівна"},
    {u"Микола", u"Миколайович", u"Миколаївна"},
    {u"Іван", u"Іванович", u"Іванівна"},
    {u"Василь", u"Васильович", u"Василівна"},
    {u"Петро", u"Петрович", u"Петрівна"},
    {u"Юрій", u"Юрійович", u"Юріївна"},
    {u"Віктор", u"Вікторович", u"Вікторівна"},
    {u"Богдан", u"Богданович", u"Богданівна"},
    {u"Тарас", u"Тарасович", u"Тарасівна"},
    {u"Олег", u"Олегович", u"Олегівна"},
    {u"Дмитро", u"Дмитрович", u"Дмитрівна"},
    {u"Михайло", u"Михайлович", u"Михайлівна"},
    {u"Роман", u"Романович", u"Романівна"},
    {u"Ігор", u"Ігорович", u"Ігорівна"},
    {u"Анатолій", u"Анатолійович", u"Анатоліївна"},
    {u"Степан", u"Степанович", u"Степанівна"},
    {u"Павло", u"Павлович", u"Павлівна"},
}};

constexpr std::array<const char16_t *, 20> kFemaleNames{
    u"Олена",  u"Наталія",   u"Тетяна", u"Ірина", u"Оксана",   u"Світлана", u"Людмила",
    u"Галина", u"Марія",     u"Ольга",  u"Юлія",  u"Катерина", u"Анна",     u"Лариса",
    u"Надія",  u"Валентина", u"Ганна",  u"Віра",  u"Софія",    u"Христина"};

// Surnames that are the same for men and women.
constexpr std::array<const char16_t *, 30> kSurnames{
    u"Коваленко", u"Бондаренко", u"Ткаченко",  u"Шевченко",   u"Кравченко", u"Олійник",
    u"Шевчук",    u"Поліщук",    u"Мельник",   u"Бойко",      u"Лисенко",   u"Марченко",
    u"Руденко",   u"Савчук",     u"Бондар",    u"Кравчук",    u"Гончарук",  u"Левченко",
    u"Мороз",     u"Павленко",   u"Петренко",  u"Савченко",   u"Тимошенко", u"Зінченко",
    u"Гуменюк",   u"Остапчук",   u"Ковальчук", u"Литвиненко", u"Довженко",  u"Карпенко"};

// Surnames with a masculine and a feminine form.
constexpr std::array<std::pair<const char16_t *, const char16_t *>, 8> kGenderedSurnames{{
    {u"Ковальський", u"Ковальська"},
    {u"Яворський", u"Яворська"},
    {u"Білецький", u"Білецька"},
    {u"Радомиський", u"Радомиська"},
    {u"Головатий", u"Головата"},
    {u"Білий", u"Біла"},
    {u"Заславський", u"Заславська"},
    {u"Черняхівський", u"Черняхівська"},
}};

constexpr std::array<const char16_t *, 40> kCompanyNames{u"Поліська деревина",
                                                         u"Тетерів-Агро",
                                                         u"Житниця Полісся",
                                                         u"Радомишльський граніт",
                                                         u"Агрофірма Кочерів",
                                                         u"Ставки-Молоко",
                                                         u"Білка-Сервіс",
                                                         u"Зелений гай",
                                                         u"Ліспромторг",
                                                         u"Граніт-Інвест",
                                                         u"Колос-Трейд",
                                                         u"Будмайстер",
                                                         u"Енергоремонт",
                                                         u"Полісся-Логістик",
                                                         u"Смачна випічка",
                                                         u"Агросвіт",
                                                         u"Теплий дім",
                                                         u"Краївщинське ПМК",
                                                         u"Тетерівські луки",
                                                         u"Полісся-Птах",
                                                         u"Лісова пилорама",
                                                         u"Радомишль-Авто",
                                                         u"Вишевицький кар'єр",
                                                         u"Аграрний дім Полісся",
                                                         u"Меблі Полісся",
                                                         u"Сонячна долина",
                                                         u"Житомир-Агропостач",
                                                         u"Ягідний край",
                                                         u"Зерно-Терміналь",
                                                         u"Волинь-Текстиль",
                                                         u"Оберіг-Фарм",
                                                         u"Лан-Агро",
                                                         u"Раковичі-Фермер",
                                                         u"Полісся-Будінвест",
                                                         u"Зоряне поле",
                                                         u"Млин-Сервіс",
                                                         u"Деревопереробка Ставки",
                                                         u"Агротехсервіс",
                                                         u"Тетерів-Енергобуд",
                                                         u"Осички-Агро"};

constexpr std::array<const char16_t *, 5> kCompanyForms{u"ТОВ", u"ТОВ", u"ПрАТ", u"ПП", u"СТОВ"};

struct Settlement
{
    const char16_t *postcode;
    const char16_t *name;
};

// The district's town comes up more often than its villages.
constexpr std::array<Settlement, 14> kSettlements{{
    {u"12201", u"м. Радомишль"},
    {u"12201", u"м. Радомишль"},
    {u"12201", u"м. Радомишль"},
    {u"12201", u"м. Радомишль"},
    {u"12222", u"с. Кочерів"},
    {u"12230", u"с. Ставки"},
    {u"12234", u"с. Осички"},
    {u"12225", u"с. Негребівка"},
    {u"12241", u"с. Забілоччя"},
    {u"12244", u"с. Краївщина"},
    {u"12213", u"с. Білка"},
    {u"12250", u"с. Вишевичі"},
    {u"12252", u"с. Раковичі"},
    {u"12236", u"с. Меленівка"},
}};

constexpr std::array<const char16_t *, 22> kStreets{u"вул. Шевченка",
                                                    u"вул. Лесі Українки",
                                                    u"вул. Незалежності",
                                                    u"вул. Соборна",
                                                    u"вул. Київська",
                                                    u"вул. Житомирська",
                                                    u"вул. Миру",
                                                    u"вул. Садова",
                                                    u"вул. Польова",
                                                    u"вул. Зарічна",
                                                    u"вул. Героїв Майдану",
                                                    u"вул. Івана Франка",
                                                    u"вул. Михайла Грушевського",
                                                    u"вул. Лісова",
                                                    u"вул. Молодіжна",
                                                    u"вул. Центральна",
                                                    u"вул. Шкільна",
                                                    u"вул. Набережна",
                                                    u"вул. Весняна",
                                                    u"вул. Вишнева",
                                                    u"пров. Тихий",
                                                    u"вул. Велика Житомирська"};

constexpr std::array<const char16_t *, 6> kBankCodes{u"300465", u"305299", u"300528",
                                                     u"380805", u"322001", u"311647"};
constexpr std::array<const char16_t *, 6> kMobilePrefixes{u"67", u"68", u"50", u"63", u"93", u"97"};

int mod97(const QString &digits)
{
    int r = 0;
    for (const QChar c : digits)
        r = (r * 10 + (c.unicode() - u'0')) % 97;
    return r;
}

// ISO 13616: letters count as two digits, A = 10 ... Z = 35.
QString ibanDigits(const QString &s)
{
    QString out;
    for (const QChar c : s) {
        if (c.isDigit())
            out += c;
        else
            out += QString::number(c.unicode() - u'A' + 10);
    }
    return out;
}

int eicValue(QChar c)
{
    if (c.isDigit())
        return c.unicode() - u'0';
    if (c == u'-')
        return 36;
    return c.unicode() - u'A' + 10;
}

QChar eicChar(int v)
{
    if (v < 10)
        return QChar(u'0' + v);
    if (v == 36)
        return u'-';
    return QChar(u'A' + v - 10);
}

} // namespace

QString Random::digits(int count)
{
    QString out;
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        out += QChar(u'0' + int(m_rng.bounded(10u)));
    return out;
}

Person person(Random &rng)
{
    Person p;
    p.male = rng.chance(50);
    const FirstName &father = rng.pick(kMaleNames);
    if (p.male) {
        p.firstName = QString::fromUtf16(rng.pick(kMaleNames).name);
        p.patronymic = QString::fromUtf16(father.patronymicMale);
    } else {
        p.firstName = QString::fromUtf16(rng.pick(kFemaleNames));
        p.patronymic = QString::fromUtf16(father.patronymicFemale);
    }
    if (rng.chance(20)) {
        const auto &pair = rng.pick(kGenderedSurnames);
        p.surname = QString::fromUtf16(p.male ? pair.first : pair.second);
    } else {
        p.surname = QString::fromUtf16(rng.pick(kSurnames));
    }
    p.born = QDate(1945, 1, 1).addDays(rng.between(0, 60 * 365));
    return p;
}

QString legalName(Random &rng)
{
    return QString::fromUtf16(rng.pick(kCompanyForms)) + u" «"_s +
           QString::fromUtf16(rng.pick(kCompanyNames)) + u"»"_s;
}

QString settlement(Random &rng)
{
    const Settlement &s = rng.pick(kSettlements);
    return QString::fromUtf16(s.postcode) + u", Житомирська обл., "_s + QString::fromUtf16(s.name);
}

QString street(Random &rng)
{
    QString s = QString::fromUtf16(rng.pick(kStreets)) + u", "_s + QString::number(rng.between(1, 140));
    if (rng.chance(10))
        s += u", кв. "_s + QString::number(rng.between(1, 60));
    return s;
}

QString address(Random &rng)
{
    const QString where = settlement(rng);
    return where + u", "_s + street(rng);
}

QString phone(Random &rng)
{
    const QString d = rng.digits(7);
    return u"+380 "_s + QString::fromUtf16(rng.pick(kMobilePrefixes)) + u' ' + d.left(3) + u' ' +
           d.mid(3, 2) + u' ' + d.mid(5, 2);
}

QString ipnFor(const Person &p, Random &rng)
{
    const qint64 days = p.born.toJulianDay() - QDate(1899, 12, 31).toJulianDay();
    // Digits 6-8 are a serial; the 9th is odd for men and even for women.
    const int sexDigit = rng.between(0, 4) * 2 + (p.male ? 1 : 0);
    const QString first9 = u"%1"_s.arg(days, 5, 10, QChar(u'0')) + rng.digits(3) + QString::number(sexDigit);
    return domain::completeIpn(first9);
}

QString edrpou(Random &rng)
{
    // Codes of companies registered since the 1990s start with 2..4.
    return domain::completeEdrpou(QString::number(rng.between(2, 4)) + rng.digits(6));
}

QString ibanWithCheck(const QString &bankCode, const QString &account)
{
    const QString bban = bankCode + account;
    const int check = 98 - mod97(ibanDigits(bban + u"UA00"_s));
    return u"UA"_s + u"%1"_s.arg(check, 2, 10, QChar(u'0')) + bban;
}

QString bankName(const QString &iban)
{
    // The bank codes kBankCodes draws from.
    static const QHash<QString, QString> names{
        {u"300465"_s, u"АТ «Ощадбанк»"_s},       {u"305299"_s, u"АТ КБ «ПриватБанк»"_s},
        {u"300528"_s, u"АТ «ОТП Банк»"_s},       {u"380805"_s, u"АТ «Райффайзен Банк»"_s},
        {u"322001"_s, u"АТ «Універсал Банк»"_s}, {u"311647"_s, u"АТ «Банк Кредит Дніпро»"_s},
    };
    if (iban.size() < 10)
        return {};
    return names.value(iban.mid(4, 6));
}

QString vatPayerNumber(const QString &edrpou)
{
    // Legal entities' numbers are 12 digits: the EDRPOU's first 7, the tax office's code, a check digit
    // (here the digit sum; the real algorithm is not published).
    const QString base = edrpou.left(7).rightJustified(7, u'0') + u"0629"_s;
    int sum = 0;
    for (const QChar c : base)
        sum += c.unicode() - u'0';
    return base + QString::number(sum % 10);
}

QString iban(Random &rng)
{
    // 19-digit account: leading zeros, then a 2600-series current account number.
    return ibanWithCheck(QString::fromUtf16(rng.pick(kBankCodes)), u"00000"_s + u"2600"_s + rng.digits(10));
}

QString eic(const QString &twelve)
{
    const QString body = u"62Z"_s + twelve;
    int sum = 0;
    for (int i = 0; i < 15; ++i)
        sum += eicValue(body.at(i)) * (16 - i);
    return body + eicChar(36 - ((sum - 1) % 37));
}

} // namespace oblik::store::demo
