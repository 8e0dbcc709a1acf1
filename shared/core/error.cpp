#include "core/error.h"

namespace oblik {

Error Error::make(QString code, QString field, QStringList args, QString detail)
{
    Error e;
    e.m_code = std::move(code);
    e.m_field = std::move(field);
    e.m_args = std::move(args);
    e.m_detail = std::move(detail);
    return e;
}

Error Error::withField(QString field) const
{
    Error e = *this;
    e.m_field = std::move(field);
    return e;
}

} // namespace oblik
