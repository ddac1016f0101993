//! Normalize stage: text cleaning, amounts, percents and quantities, as the schema says.
