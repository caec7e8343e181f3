// SPDX-License-Identifier: Apache-2.0
// Evaluation against ground truth: not implemented yet.
