#pragma once
// Small icons drawn in code (no image files to keep in step with the theme): one per tree level
// and one per meter state. Colours are also exposed so views and legends match the icons.

#include "models/meterhealth.h"

#include <QColor>
#include <QIcon>

namespace oblik::client::icons {

enum class Node { Object, MeteringPoint, Meter, Register, Account };

QIcon node(Node kind);
// Null icon for MeterHealth::Ok.
QIcon health(MeterHealth h);
// Text colour for a state (invalid QColor for Ok: the palette's own).
QColor healthForeground(MeterHealth h);
// Row tint for a state (invalid QColor for Ok).
QColor healthBackground(MeterHealth h);

} // namespace oblik::client::icons
