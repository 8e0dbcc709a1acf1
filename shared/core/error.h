#pragma once
// Errors a user can meet, as values: a stable machine code ("money.overflow"), the field it concerns,
// arguments for the message and a technical detail for logs. Result<T> carries a value or an Error.

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <utility>
#include <variant>

namespace oblik {

class Error
{
public:
    // A null error means "no error": functions that only validate return Error{} on success.
    Error() = default;

    static Error make(QString code, QString field = {}, QStringList args = {}, QString detail = {});

    const QString &code() const { return m_code; }
    const QString &field() const { return m_field; }
    const QStringList &args() const { return m_args; }
    const QString &detail() const { return m_detail; }
    bool isNull() const { return m_code.isEmpty(); }

    // The translated human text for code(), with %1.. filled from args(); see errorcatalog.cpp.
    QString message() const;

    // A copy with another field, for layers that know which input a nested rule checked.
    Error withField(QString field) const;

    friend bool operator==(const Error &, const Error &) = default;

private:
    QString m_code;
    QString m_field;
    QStringList m_args;
    QString m_detail;
};

// The value of an operation that can fail. Holds exactly one of T or a non-null Error.
template <typename T> class Result
{
public:
    Result(const T &value) : m_data(std::in_place_index<0>, value) {}
    Result(T &&value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error))
    {
        Q_ASSERT_X(!std::get<1>(m_data).isNull(), "oblik::Result", "constructed from a null Error");
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    // Only valid when ok(); asserts otherwise.
    const T &value() const &
    {
        Q_ASSERT_X(ok(), "oblik::Result::value", "no value");
        return std::get<0>(m_data);
    }
    T &value() &
    {
        Q_ASSERT_X(ok(), "oblik::Result::value", "no value");
        return std::get<0>(m_data);
    }
    T &&value() &&
    {
        Q_ASSERT_X(ok(), "oblik::Result::value", "no value");
        return std::get<0>(std::move(m_data));
    }
    T valueOr(T fallback) const { return ok() ? std::get<0>(m_data) : std::move(fallback); }

    // A null Error when ok().
    Error error() const { return ok() ? Error{} : std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

} // namespace oblik

Q_DECLARE_METATYPE(oblik::Error)
