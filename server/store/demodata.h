#pragma once
// Invented but realistic Ukrainian names, addresses and codes for the demo district, drawn from a
// seeded generator so that one seed always gives the same district.

#include <QDate>
#include <QRandomGenerator>
#include <QString>

namespace oblik::store::demo {

class Random
{
public:
    explicit Random(quint32 seed) : m_rng(seed) {}
    int between(int lo, int hi) { return lo + int(m_rng.bounded(quint32(hi - lo + 1))); } // inclusive
    bool chance(int percent) { return int(m_rng.bounded(100u)) < percent; }
    // A factor around 1.0 in thousandths, e.g. spread 150 gives 850..1150.
    int jitter(int spread) { return between(1000 - spread, 1000 + spread); }
    template <typename List> const auto &pick(const List &list)
    {
        return list[between(0, int(std::size(list)) - 1)];
    }
    QString digits(int count);

private:
    QRandomGenerator m_rng;
};

struct Person
{
    QString surname, firstName, patronymic;
    bool male = true;
    QDate born;
    QString fullName() const { return surname + u' ' + firstName + u' ' + patronymic; }
};

Person person(Random &rng);
QString legalName(Random &rng);  // "ТОВ «Поліська деревина»" and the like
QString settlement(Random &rng); // "12201, м. Радомишль"
QString street(Random &rng);     // "вул. Шевченка, 12"
QString address(Random &rng);    // settlement and street
QString phone(Random &rng);      // "+380 67 123 45 67"

// 10-digit IPN of a person: days since 1899-12-31 to the birth date, sex in the 9th digit, and the
// check digit.
QString ipnFor(const Person &p, Random &rng);
// 8-digit EDRPOU of a legal entity with its check digit.
QString edrpou(Random &rng);
// A Ukrainian IBAN (UA, 2 check digits valid under ISO 13616 mod 97, 6-digit bank code, 19-digit account).
QString iban(Random &rng);
QString ibanWithCheck(const QString &bankCode, const QString &account);
// The bank of a Ukrainian IBAN (by its bank code, characters 5-10), e.g. "АТ КБ «ПриватБанк»"; empty for
// an empty or unknown IBAN.
QString bankName(const QString &iban);
// A legal entity's 12-digit VAT payer number (ІПН) made from its EDRPOU (deterministic, no randomness).
QString vatPayerNumber(const QString &edrpou);
// An EIC code of a metering point ("62Z" + 12 characters + check character).
QString eic(const QString &twelve);

} // namespace oblik::store::demo
