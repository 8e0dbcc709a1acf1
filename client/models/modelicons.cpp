#include "models/modelicons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace oblik::client::icons {

namespace {
const QColor kRed(0xc6, 0x28, 0x28);
const QColor kAmber(0xe0, 0x8a, 0x00);
const QColor kGrey(0x75, 0x75, 0x75);

using Painter = void (*)(QPainter &, qreal);

QIcon draw(Painter paint)
{
    QIcon icon;
    for (const int size : {16, 24, 32, 48}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        paint(p, qreal(size));
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

void house(QPainter &p, qreal s)
{
    QPainterPath path;
    path.moveTo(s * 0.5, s * 0.1);
    path.lineTo(s * 0.92, s * 0.48);
    path.lineTo(s * 0.8, s * 0.48);
    path.lineTo(s * 0.8, s * 0.9);
    path.lineTo(s * 0.2, s * 0.9);
    path.lineTo(s * 0.2, s * 0.48);
    path.lineTo(s * 0.08, s * 0.48);
    path.closeSubpath();
    p.setPen(QPen(QColor(0x1e, 0x4f, 0x8a), s / 16));
    p.setBrush(QColor(0x5b, 0x8f, 0xd0));
    p.drawPath(path);
}

void point(QPainter &p, qreal s)
{
    p.setPen(QPen(QColor(0x00, 0x69, 0x5c), s / 16));
    p.setBrush(QColor(0x4d, 0xb6, 0xac));
    p.drawEllipse(QRectF(s * 0.15, s * 0.15, s * 0.7, s * 0.7));
    p.setBrush(Qt::white);
    p.setPen(Qt::NoPen);
    p.drawEllipse(QRectF(s * 0.38, s * 0.38, s * 0.24, s * 0.24));
}

void meter(QPainter &p, qreal s)
{
    p.setPen(QPen(QColor(0x42, 0x42, 0x42), s / 16));
    p.setBrush(QColor(0xee, 0xee, 0xee));
    p.drawRoundedRect(QRectF(s * 0.1, s * 0.12, s * 0.8, s * 0.76), s * 0.1, s * 0.1);
    // the counter window
    p.setBrush(QColor(0x21, 0x21, 0x21));
    p.setPen(Qt::NoPen);
    p.drawRect(QRectF(s * 0.22, s * 0.28, s * 0.56, s * 0.2));
    p.setBrush(QColor(0xff, 0xb3, 0x00));
    p.drawEllipse(QRectF(s * 0.42, s * 0.6, s * 0.16, s * 0.16));
}

void reg(QPainter &p, qreal s)
{
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x78, 0x90, 0x9c));
    p.drawRect(QRectF(s * 0.3, s * 0.3, s * 0.4, s * 0.4));
}

void account(QPainter &p, qreal s)
{
    p.setPen(QPen(QColor(0x37, 0x47, 0x4f), s / 16));
    p.setBrush(Qt::white);
    p.drawRect(QRectF(s * 0.2, s * 0.1, s * 0.6, s * 0.8));
    for (int i = 0; i < 3; ++i)
        p.drawLine(QPointF(s * 0.3, s * (0.3 + 0.2 * i)), QPointF(s * 0.7, s * (0.3 + 0.2 * i)));
}

void bang(QPainter &p, qreal s)
{
    p.setPen(QPen(Qt::white, s / 7, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(s * 0.5, s * 0.32), QPointF(s * 0.5, s * 0.58));
    p.drawPoint(QPointF(s * 0.5, s * 0.74));
}

void stop(QPainter &p, qreal s)
{
    p.setPen(Qt::NoPen);
    p.setBrush(kRed);
    p.drawEllipse(QRectF(s * 0.08, s * 0.08, s * 0.84, s * 0.84));
    bang(p, s);
}

void warn(QPainter &p, qreal s)
{
    QPainterPath tri;
    tri.moveTo(s * 0.5, s * 0.08);
    tri.lineTo(s * 0.95, s * 0.9);
    tri.lineTo(s * 0.05, s * 0.9);
    tri.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(kAmber);
    p.drawPath(tri);
    bang(p, s * 1.0);
}

void removed(QPainter &p, qreal s)
{
    p.setPen(QPen(kGrey, s / 8, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(s * 0.25, s * 0.25), QPointF(s * 0.75, s * 0.75));
    p.drawLine(QPointF(s * 0.75, s * 0.25), QPointF(s * 0.25, s * 0.75));
}
} // namespace

QIcon node(Node kind)
{
    // Drawn once: the tree asks for icons on every repaint.
    static const QIcon icons[] = {draw(house), draw(point), draw(meter), draw(reg), draw(account)};
    return icons[int(kind)];
}

QIcon health(MeterHealth h)
{
    static const QIcon stopIcon = draw(stop);
    static const QIcon warnIcon = draw(warn);
    static const QIcon removedIcon = draw(removed);
    switch (h) {
    case MeterHealth::Ok:
        return {};
    case MeterHealth::VerificationSoon:
        return warnIcon;
    case MeterHealth::VerificationExpired:
    case MeterHealth::Faulty:
        return stopIcon;
    case MeterHealth::Removed:
        return removedIcon;
    }
    return {};
}

QColor healthForeground(MeterHealth h)
{
    switch (h) {
    case MeterHealth::Ok:
        return {};
    case MeterHealth::VerificationSoon:
        return QColor(0x9a, 0x5b, 0x00);
    case MeterHealth::VerificationExpired:
    case MeterHealth::Faulty:
        return kRed;
    case MeterHealth::Removed:
        return kGrey;
    }
    return {};
}

QColor healthBackground(MeterHealth h)
{
    switch (h) {
    case MeterHealth::Ok:
    case MeterHealth::Removed:
        return {};
    case MeterHealth::VerificationSoon:
        return QColor(0xff, 0xf4, 0xd6);
    case MeterHealth::VerificationExpired:
    case MeterHealth::Faulty:
        return QColor(0xfd, 0xe4, 0xe4);
    }
    return {};
}

} // namespace oblik::client::icons
