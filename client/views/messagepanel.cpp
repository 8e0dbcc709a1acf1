#include "views/messagepanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace oblik::client {

MessagePanel::MessagePanel(QWidget *parent)
    : QFrame(parent), m_icon(new QLabel), m_title(new QLabel), m_text(new QLabel), m_bar(new QProgressBar),
      m_action(new QPushButton)
{
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_icon, 0, Qt::AlignTop);
    auto *col = new QVBoxLayout;
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setMinimumWidth(360);
    m_text->setMaximumWidth(640);
    m_bar->setRange(0, 0);
    m_bar->setTextVisible(false);
    m_bar->setMaximumHeight(14);
    col->addWidget(m_title);
    col->addWidget(m_text);
    col->addWidget(m_bar);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_action);
    buttons->addStretch(1);
    col->addLayout(buttons);
    row->addLayout(col);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);
    connect(m_action, &QPushButton::clicked, this, &MessagePanel::actionTriggered);
    showMessage(Kind::Info, {}, {});
}

void MessagePanel::showMessage(Kind kind, const QString &title, const QString &text,
                               const QString &actionText)
{
    m_kind = kind;
    m_title->setText(title);
    m_title->setVisible(!title.isEmpty());
    m_text->setText(text);
    m_text->setVisible(!text.isEmpty());
    m_bar->setVisible(kind == Kind::Busy);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    switch (kind) {
    case Kind::Info:
        m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(size));
        break;
    case Kind::Busy:
        m_icon->setPixmap({});
        break;
    case Kind::Error:
        m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(size));
        break;
    }
    m_icon->setVisible(kind != Kind::Busy);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
}

QString MessagePanel::title() const
{
    return m_title->text();
}

QString MessagePanel::text() const
{
    return m_text->text();
}

} // namespace oblik::client
