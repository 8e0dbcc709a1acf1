#include "core/period.h"

using namespace Qt::StringLiterals;

namespace oblik {

Period Period::fromDate(QDate date)
{
    return date.isValid() ? Period(date.year(), date.month()) : Period();
}

Result<Period> Period::parse(const QString &text)
{
    const auto invalid = [&] { return Error::make(u"period.invalid"_s, {}, {text}); };
    if (text.size() != 7 || text[4] != u'-')
        return invalid();
    for (qsizetype i = 0; i < 7; ++i) {
        if (i != 4 && !(text[i] >= u'0' && text[i] <= u'9'))
            return invalid();
    }
    const Period p(text.left(4).toInt(), text.mid(5, 2).toInt());
    if (!p.isValid())
        return invalid();
    return p;
}

QString Period::toString() const
{
    if (!isValid())
        return {};
    return u"%1-%2"_s.arg(m_year, 4, 10, QLatin1Char('0')).arg(m_month, 2, 10, QLatin1Char('0'));
}

Period Period::next() const
{
    if (!isValid())
        return {};
    return m_month == 12 ? Period(m_year + 1, 1) : Period(m_year, m_month + 1);
}

Period Period::previous() const
{
    if (!isValid())
        return {};
    return m_month == 1 ? Period(m_year - 1, 12) : Period(m_year, m_month - 1);
}

QDate Period::firstDay() const
{
    return isValid() ? QDate(m_year, m_month, 1) : QDate();
}

QDate Period::lastDay() const
{
    if (!isValid())
        return {};
    const QDate first(m_year, m_month, 1);
    return QDate(m_year, m_month, first.daysInMonth());
}

} // namespace oblik
