"""Black-box optimisation benchmark: hyperscout samplers side by side with their peers."""
