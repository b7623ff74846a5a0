// Loihi 2's number formats, in one place. Every integer the fixed-point pass produces is checked
// against these limits; the generated neuron programs and Lava's own bit-accurate models assume them.
//
// From Lava's bit-accurate models (lava-nc 0.10.0, lava/proc/lif, lava/proc/dense, lava/proc/io):
// - neuron state (LIF u, v) is 24-bit signed; v saturates at ±(2^23 - 1);
// - LIF decays du, dv are 12-bit unsigned fractions of 4096; bias = 13-bit signed mantissa << 3-bit exponent;
//   threshold vth is 17-bit unsigned, compared after << 6;
// - Dense weights are 8-bit (mixed-sign matrices lose the lowest bit) scaled by 2^weight_exp;
// - DelayDense delays are 6-bit (0..63 steps);
// - graded spikes (and host input) carry 24-bit payloads.
// The generated neuron programs (Loihi 2's programmable neurons) use only adds, multiplies, shifts and
// comparisons on 24-bit registers. A multiplier constant is a mantissa of at most two 12-bit limbs (the
// width of Loihi's decay constants) with a right shift; products are formed wide and shifted back, as
// Lava's LIF forms u·(4096 - du) in 36 bits before its shift.

export const STATE_BITS = 24;
/** Largest magnitude of a 24-bit register (symmetric saturation, as Lava's LIF clips v). */
export const STATE_MAX = 2 ** (STATE_BITS - 1) - 1;

/** Bits of one limb of a multiplier mantissa (Loihi's decay constants are 12-bit). */
export const LIMB_BITS = 12;
/** At most this many limbs per multiplier constant. */
export const MAX_LIMBS = 2;
/** A one-limb mantissa is used when it represents the constant to this relative accuracy. */
export const ONE_LIMB_ACCURACY = 2 ** -20;

/** Lava LIF (bit-accurate) parameter formats. */
export const LIF = {
  decayBits: 12,
  decayUnity: 4096,
  biasMantBits: 13,
  biasExpMax: 7,
  vthBits: 17,
  vthShift: 6,
  actShift: 6,
} as const;

/** Dense / DelayDense (bit-accurate) formats. */
export const SYNAPSE = {
  weightBits: 8,
  /** Lava's weight_exp range (a 3-bit signed exponent on Loihi 2 is -8..7). */
  weightExpMin: -8,
  weightExpMax: 7,
  delayBits: 6,
  maxDelay: 63,
} as const;

/**
 * Guard bits of the accumulator: a statement sums its terms 8 bits finer than its target and rounds once
 * at the end (a 32-bit accumulator for a 24-bit register, as Lava's LIF sums decay, current and bias in
 * 32 bits before it saturates). Without them, the rounding of a constant bias is the same at every step
 * and adds up over the time constant (0.5 LSB / (1 - decay)).
 */
export const GUARD_BITS = 8;

/**
 * Headroom of a register over the largest value the range analysis found: one bit. A proven bound
 * (linear contracting dynamics, resets, thresholds) cannot be exceeded; an estimated one (non-linear
 * dynamics) already includes a step of overshoot computed with interval arithmetic, which
 * overestimates, and saturation is counted at run time. Precision matters more here than it seems:
 * near a saddle-node (Izhikevich bursting) one LSB more or less moves a burst by a step.
 */
export const HEADROOM = 2;

/**
 * Lava's LIF is used for a group only when its 12-bit decay and 13-bit bias keep every neuron's spike
 * times within this many steps of Brian2's over the whole run (estimated from the decay error, the
 * bias rounding and the truncation of Lava's decay); otherwise a generated program is used.
 */
export const LIF_MAX_DRIFT_STEPS = 0.25;
