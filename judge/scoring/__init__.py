"""Grading one submission and scoring it: cases -> runner calls -> comparison -> diagnosis -> points.
"""
