// SPDX-License-Identifier: Apache-2.0
// Synthetic corpus generator: not implemented yet.
