#pragma once
// Shared by the client's signature tests: a small real PDF (QPdfWriter) and the PKI's key files.

#include <QBuffer>
#include <QByteArray>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QString>

namespace oblik::testing {

// A one-page A4 PDF with the text given, as Qt writes it.
inline QByteArray makePdf(const QString &text = QStringLiteral("Oblik signature test"))
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setTitle(text);
        QPainter painter(&writer);
        painter.drawText(QPointF(200, 400), text);
    }
    return bytes;
}

} // namespace oblik::testing
